package dev.keel.ml.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 record reader written for speed: one pass over a buffered character stream, no regular
 * expressions. Fields are trimmed; line breaks inside quoted fields are kept as {@code \n}. Line
 * numbers are physical lines of the file, 1-based.
 *
 * <p>The delimiter is given, or detected from the header line: a comma when the header has one,
 * else whichever of {@code ;}, tab and {@code |} it has most of. A NUL character, a field longer
 * than {@link #MAX_FIELD} characters and bytes the decoder cannot read are errors naming the line
 * and column.
 */
final class CsvReader {

  /**
   * The longest field read, in characters: a longer one is an error, not a reason to run out of
   * memory.
   */
  static final int MAX_FIELD = 1 << 20;

  /** Delimiters detected in a header that has no comma, in order of preference on a tie. */
  private static final char[] OTHER_DELIMITERS = {';', '\t', '|'};

  private final Reader in;
  private final String encoding;
  private char delimiter;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private int line = 1;
  private boolean first = true;

  private final StringBuilder sb = new StringBuilder(64);
  private final List<String> fields = new ArrayList<>();
  private int recordLine;
  private boolean quoted;
  private List<String> header;

  /**
   * @param delimiter the field delimiter, or 0 to detect it from the header line
   * @param encoding the name of the encoding {@code in} decodes, for messages about bytes it could
   *     not decode
   */
  CsvReader(Reader in, char delimiter, String encoding) {
    this.in = in;
    this.delimiter = delimiter;
    this.encoding = encoding;
  }

  /** Names the columns, so that later errors can say which column a bad field belongs to. */
  void header(List<String> names) {
    this.header = names;
  }

  /** The delimiter in use (detected once the first record is read). */
  char delimiter() {
    return delimiter;
  }

  /** The fields of the last record read; reused by the next call to {@link #next()}. */
  List<String> fields() {
    return fields;
  }

  /** The line on which the last record read starts. */
  int recordLine() {
    return recordLine;
  }

  /** Whether the last record read is an empty (or all-blank, unquoted) line. */
  boolean blank() {
    return fields.size() == 1 && !quoted && fields.get(0).isEmpty();
  }

  /** Reads the next record; false at the end of the input. */
  boolean next() {
    fields.clear();
    quoted = false;
    int c = read();
    if (first) {
      first = false;
      if (c == '\uFEFF') {
        c = read();
      }
      if (delimiter == 0) {
        delimiter = detectDelimiter(c);
      }
    }
    if (c == -1) {
      return false;
    }
    recordLine = line;
    while (true) {
      sb.setLength(0);
      while ((c == ' ' || c == '\t') && c != delimiter) {
        c = read();
      }
      if (c == '"') {
        quoted = true;
        int startLine = line;
        while (true) {
          c = read();
          if (c == -1) {
            throw error(
                startLine,
                "unterminated quoted field: a field that opens with '\"' must close with '\"'");
          }
          if (c == '"') {
            c = read();
            if (c == '"') {
              sb.append('"');
              continue;
            }
            break;
          }
          if (c == '\r') {
            if (peek() == '\n') {
              read();
            }
            line++;
            sb.append('\n');
          } else if (c == '\n') {
            line++;
            sb.append('\n');
          } else {
            append(c);
          }
        }
        while ((c == ' ' || c == '\t') && c != delimiter) {
          c = read();
        }
        if (c != delimiter && c != '\n' && c != '\r' && c != -1) {
          throw error(
              line,
              "text after the closing quote of a quoted field; expected '"
                  + shown(delimiter)
                  + "' or the end of the line"
                  + " (write a quote inside a quoted field as \"\")");
        }
      } else {
        while (c != delimiter && c != '\n' && c != '\r' && c != -1) {
          if (c == '"') {
            throw error(
                line,
                "quote inside an unquoted field; expected the whole field in quotes with inner"
                    + " quotes doubled (\"\")");
          }
          append(c);
          c = read();
        }
      }
      fields.add(trimmed());
      if (c == delimiter) {
        c = read();
        continue;
      }
      if (c == '\r') {
        if (peek() == '\n') {
          read();
        }
        line++;
      } else if (c == '\n') {
        line++;
      }
      return true;
    }
  }

  private CsvFormatException error(int atLine, String what) {
    int index = fields.size();
    String where;
    if (header != null && index < header.size()) {
      where = "line " + atLine + ", column '" + header.get(index) + "': ";
    } else if (header != null) {
      where =
          "line " + atLine + ", field " + (index + 1) + " (the header has " + header.size() + "): ";
    } else {
      where = "line " + atLine + ", header position " + (index + 1) + ": ";
    }
    return new CsvFormatException(atLine, where + what);
  }

  private void append(int c) {
    if (c == 0) {
      throw error(
          line,
          "NUL character (U+0000) in the text; a CSV file holds text only (is it a binary file, or"
              + " UTF-16 or UTF-32 text without a byte-order mark?)");
    }
    if (sb.length() == MAX_FIELD) {
      throw error(
          line,
          "field longer than "
              + MAX_FIELD
              + " characters; a CSV cell must be shorter (store large"
              + " values elsewhere and reference them)");
    }
    sb.append((char) c);
  }

  private String trimmed() {
    int start = 0;
    int end = sb.length();
    while (start < end && sb.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && sb.charAt(end - 1) <= ' ') {
      end--;
    }
    return start == end ? "" : sb.substring(start, end);
  }

  /**
   * The delimiter of the header line that starts with {@code c}, looked for in the buffered text
   * (the header's first 64 Ki characters): a comma if it has any outside quotes, else the most
   * frequent of {@link #OTHER_DELIMITERS}, else a comma.
   */
  private char detectDelimiter(int c) {
    int[] counts = new int[OTHER_DELIMITERS.length];
    boolean inQuotes = c == '"';
    for (int i = pos; i < len && (inQuotes || (buf[i] != '\n' && buf[i] != '\r')); i++) {
      char ch = buf[i];
      if (ch == '"') {
        inQuotes = !inQuotes;
      } else if (!inQuotes && ch == ',') {
        return ',';
      } else if (!inQuotes) {
        for (int k = 0; k < OTHER_DELIMITERS.length; k++) {
          if (ch == OTHER_DELIMITERS[k]) {
            counts[k]++;
          }
        }
      }
    }
    if (c == ',') {
      return ',';
    }
    int best = -1;
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] > 0 && (best < 0 || counts[k] > counts[best])) {
        best = k;
      }
    }
    if (best >= 0) {
      return OTHER_DELIMITERS[best];
    }
    for (char other : OTHER_DELIMITERS) {
      if (c == other) {
        return other;
      }
    }
    return ',';
  }

  private static String shown(char delimiter) {
    return delimiter == '\t' ? "\\t" : String.valueOf(delimiter);
  }

  private int read() {
    if (pos == len && !fill()) {
      return -1;
    }
    return buf[pos++];
  }

  private int peek() {
    if (pos == len && !fill()) {
      return -1;
    }
    return buf[pos];
  }

  private boolean fill() {
    try {
      int n;
      do {
        n = in.read(buf, 0, buf.length);
      } while (n == 0);
      pos = 0;
      len = Math.max(n, 0);
      return n > 0;
    } catch (CharacterCodingException e) {
      throw error(
          line,
          "the bytes here are not valid "
              + encoding
              + " text; if the file is Latin-1 or"
              + " Windows-1252, convert it to UTF-8 (iconv -f windows-1252 -t utf-8) or upload it with 'Content-Type:"
              + " text/csv; charset=windows-1252'");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CSV input", e);
    }
  }
}
