package dev.keel.ml.data;

/**
 * A CSV file that cannot be read as a table. The message names what was wrong, the 1-based line of
 * the file and, where it applies, the column, and what was expected, so that the user can fix the
 * file.
 */
public final class CsvFormatException extends RuntimeException {

  private final int line;

  public CsvFormatException(int line, String message) {
    super(message);
    this.line = line;
  }

  /**
   * The 1-based line of the file where the problem is; 0 when it concerns no single line (an empty
   * file).
   */
  public int line() {
    return line;
  }
}
