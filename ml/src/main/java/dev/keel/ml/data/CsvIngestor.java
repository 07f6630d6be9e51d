package dev.keel.ml.data;

import dev.keel.ml.artifacts.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a CSV file (RFC 4180) into a typed {@link Table} and its canonical form.
 *
 * <p>Text: UTF-8, UTF-16 with or without a byte-order mark, or the charset the sender declares (see
 * {@link CsvEncoding}); fields separated by commas, or by the semicolons, tabs or bars the header
 * line uses instead of commas. No NUL characters, no field longer than {@link CsvReader#MAX_FIELD}
 * characters.
 *
 * <p>Rules: a header row naming every column is required, names must be unique and non-empty; at
 * least one row follows it ({@link #requireRows}); every row has as many fields as the header;
 * spaces around every cell and name are trimmed; a cell whose trimmed text is in {@link #MISSING}
 * is missing; empty lines at the end of the file are ignored. A column is {@code numeric} when
 * every non-missing value is a finite decimal number (digits, optional sign, point and exponent;
 * not {@code NaN}, {@code Infinity}, hexadecimal or Java's {@code d}/{@code f} suffixes), otherwise
 * {@code categorical}; a column without any value is categorical.
 *
 * <p>The canonical form is the header and rows joined by {@code ,} and {@code \n} (with a final
 * {@code \n}), cells trimmed, missing cells empty, numbers as their trimmed text, and a field
 * quoted (inner quotes doubled) only when it holds a comma, quote, CR or LF. In a single-column
 * table a missing cell is written {@code ""} so that it is not read as an empty line. The version
 * is the SHA-256 of the canonical form, so the same content with other line endings, spacing,
 * quoting or missing markers has the same version, and the canonical form parses to the same table.
 */
public final class CsvIngestor {

  /** Cell texts (after trimming) that mean "no value". */
  public static final Set<String> MISSING = Set.of("", "?", "NA");

  /**
   * Reads a CSV stream; throws {@link CsvFormatException} naming the line and column of a malformed
   * file.
   */
  public IngestedDataset ingest(InputStream in) {
    return ingest(in, null);
  }

  /**
   * Reads a CSV stream whose sender declared {@code charset} (null: none; a byte-order mark wins
   * over it); throws {@link CsvFormatException} naming the line and column of a malformed file.
   */
  public IngestedDataset ingest(InputStream in, Charset charset) {
    CsvEncoding text = CsvEncoding.open(in, charset);
    Table table = read(new CsvReader(text.reader(), (char) 0, text.charset().displayName()));
    byte[] canonical = canonical(table);
    byte[] sample = ReservoirSample.csv(table);
    return new IngestedDataset(
        ArtifactStore.sha256(canonical),
        table,
        canonical,
        Profiler.profile(table).withSample(ArtifactStore.sha256(sample)),
        sample);
  }

  /**
   * The dataset, if it has a row; else a {@link CsvFormatException} saying the file has only a
   * header. A dataset registered by a user needs rows; one left empty by an erasure is kept as it
   * is.
   */
  public static IngestedDataset requireRows(IngestedDataset dataset) {
    Table table = dataset.table();
    if (table.rows() == 0) {
      List<String> names = table.columns().stream().map(Column::name).toList();
      throw new CsvFormatException(
          2,
          "line 2: the file has a header ("
              + names.size()
              + " columns: "
              + String.join(", ", names.subList(0, Math.min(5, names.size())))
              + (names.size() > 5 ? ", ..." : "")
              + ") but no rows; a dataset needs at least one row");
    }
    return dataset;
  }

  /**
   * Parses canonical content (as stored under a dataset version) into the same table {@link
   * #ingest} produced.
   */
  public static Table parseCanonical(byte[] canonical) {
    return read(
        new CsvReader(
            new InputStreamReader(new ByteArrayInputStream(canonical), StandardCharsets.UTF_8),
            ',',
            "UTF-8"));
  }

  private static Table read(CsvReader reader) {
    List<String> names = header(reader);
    int width = names.size();
    List<ColumnBuilder> cells = new ArrayList<>(width);
    for (String name : names) {
      cells.add(new ColumnBuilder(name));
    }
    int rows = 0;
    int pendingBlank = 0;
    int firstBlankLine = 0;
    while (reader.next()) {
      List<String> fields = reader.fields();
      if (reader.blank()) {
        if (pendingBlank++ == 0) {
          firstBlankLine = reader.recordLine();
        }
        continue;
      }
      if (pendingBlank > 0) {
        if (width != 1) {
          throw new CsvFormatException(
              firstBlankLine,
              "line "
                  + firstBlankLine
                  + ": expected "
                  + width
                  + " fields (as in the header) but found an empty line");
        }
        for (; pendingBlank > 0; pendingBlank--) {
          cells.get(0).add(null);
          rows++;
        }
      }
      if (fields.size() != width) {
        throw new CsvFormatException(
            reader.recordLine(),
            "line "
                + reader.recordLine()
                + ": expected "
                + width
                + " fields (as in the header) but found "
                + fields.size());
      }
      for (int i = 0; i < width; i++) {
        String v = fields.get(i);
        cells.get(i).add(isMissing(v) ? null : v);
      }
      rows++;
    }
    List<Column> columns = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      columns.add(cells.get(i).build());
      cells.set(i, null);
    }
    return new Table(columns, rows);
  }

  /**
   * One column as it is read: its text kept compactly and, while every value so far is a number,
   * the numbers. A column is {@code numeric} when every non-missing value is a finite decimal and
   * there is at least one.
   */
  private static final class ColumnBuilder {
    private final String name;
    private final CellText text = new CellText();
    private double[] numbers = new double[1 << 8];
    private boolean any;

    ColumnBuilder(String name) {
      this.name = name;
    }

    void add(String v) {
      int row = text.cells();
      text.add(v);
      if (numbers == null) {
        return;
      }
      double d = Double.NaN;
      if (v != null) {
        d = looksDecimal(v) ? Double.parseDouble(v) : Double.NaN;
        if (!Double.isFinite(d)) {
          numbers = null;
          return;
        }
        any = true;
      }
      if (row == numbers.length) {
        numbers = Arrays.copyOf(numbers, row * 2);
      }
      numbers[row] = d;
    }

    Column build() {
      int rows = text.cells();
      if (numbers != null && any) {
        return Column.numeric(name, text, Arrays.copyOf(numbers, rows));
      }
      CellPool pool = new CellPool();
      String[] values = new String[rows];
      for (int r = 0; r < rows; r++) {
        values[r] = text.isMissing(r) ? null : pool.get(text, text.start(r), text.end(r));
      }
      return Column.categorical(name, values);
    }
  }

  private static List<String> header(CsvReader reader) {
    if (!reader.next()) {
      throw new CsvFormatException(0, "empty file: a header row is required");
    }
    if (reader.blank()) {
      while (reader.next()) {
        if (!reader.blank()) {
          throw new CsvFormatException(
              1, "line 1: the header row is empty: the first line must name the columns");
        }
      }
      throw new CsvFormatException(0, "empty file: a header row is required");
    }
    List<String> names = List.copyOf(reader.fields());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.isEmpty()) {
        throw new CsvFormatException(
            reader.recordLine(),
            "line "
                + reader.recordLine()
                + ": header has an empty column name at position "
                + (i + 1)
                + "; every column needs a name");
      }
      if (!seen.add(name)) {
        throw new CsvFormatException(
            reader.recordLine(),
            "line "
                + reader.recordLine()
                + ": duplicate column name '"
                + name
                + "' in header (positions "
                + (names.indexOf(name) + 1)
                + " and "
                + (i + 1)
                + "); column names must be unique");
      }
    }
    reader.header(names);
    return names;
  }

  static boolean isMissing(String trimmed) {
    return trimmed.length() <= 2 && MISSING.contains(trimmed);
  }

  /** Whether a trimmed cell counts as a number: a decimal literal whose value is finite. */
  public static boolean isNumber(String trimmed) {
    return looksDecimal(trimmed) && Double.isFinite(Double.parseDouble(trimmed));
  }

  /** {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?} checked by hand. */
  static boolean looksDecimal(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The canonical UTF-8 CSV of a table; see the class comment. Written in two passes, one counting
   * its bytes and one filling an array of that size, so that a large table is not held in a
   * builder, a string and an array at once.
   */
  static byte[] canonical(Table table) {
    Utf8 count = new Utf8(null);
    write(table, count);
    Utf8 out = new Utf8(new byte[count.length]);
    write(table, out);
    return out.bytes;
  }

  private static void write(Table table, Utf8 out) {
    List<Column> columns = table.columns();
    boolean single = columns.size() == 1;
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.put(',');
      }
      field(out, columns.get(i).name());
    }
    out.put('\n');
    int width = columns.size();
    String[][] values = new String[width][];
    CellText[] texts = new CellText[width];
    for (int i = 0; i < width; i++) {
      texts[i] = columns.get(i).text();
      values[i] = texts[i] == null ? columns.get(i).values() : null;
    }
    for (int r = 0; r < table.rows(); r++) {
      for (int i = 0; i < width; i++) {
        if (i > 0) {
          out.put(',');
        }
        CellText text = texts[i];
        if (text != null && !text.isMissing(r)) {
          out.putNumber(text, text.start(r), text.end(r)); // a number's text never needs quotes
          continue;
        }
        String v = text != null ? null : values[i][r];
        if (v != null) {
          field(out, v);
        } else if (single) {
          out.put('"');
          out.put('"');
        }
      }
      out.put('\n');
    }
  }

  private static void field(Utf8 out, String v) {
    boolean quote = false;
    for (int k = 0; k < v.length() && !quote; k++) {
      char c = v.charAt(k);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    if (!quote) {
      out.put(v);
      return;
    }
    out.put('"');
    for (int k = 0; k < v.length(); k++) {
      char c = v.charAt(k);
      if (c == '"') {
        out.put('"');
      }
      out.put(c);
    }
    out.put('"');
  }

  /** UTF-8 encoding into an array, or (with a null array) only counting the bytes it would take. */
  private static final class Utf8 {
    private final byte[] bytes;
    private int length;
    private char high;

    Utf8(byte[] bytes) {
      this.bytes = bytes;
    }

    /**
     * A number's text ({@code [start, end)} of {@code text}): ASCII, so one byte per character,
     * copied at once.
     */
    void putNumber(CellText text, int start, int end) {
      if (high != 0) {
        high = 0;
        put1('?');
      }
      if (bytes == null) {
        length += end - start;
      } else if (text.copyNarrow(start, end, bytes, length)) {
        length += end - start;
      } else {
        for (int k = start; k < end; k++) {
          put1(text.charAt(k));
        }
      }
    }

    void put(String s) {
      for (int i = 0; i < s.length(); i++) {
        put(s.charAt(i));
      }
    }

    void put(char c) {
      if (high != 0) {
        char h = high;
        high = 0;
        if (Character.isLowSurrogate(c)) {
          int cp = Character.toCodePoint(h, c);
          put4(cp);
          return;
        }
        put1('?');
      }
      if (c < 0x80) {
        put1(c);
      } else if (c < 0x800) {
        put1(0xc0 | (c >> 6));
        put1(0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)) {
        high = c;
      } else if (Character.isLowSurrogate(c)) {
        put1('?');
      } else {
        put1(0xe0 | (c >> 12));
        put1(0x80 | ((c >> 6) & 0x3f));
        put1(0x80 | (c & 0x3f));
      }
    }

    private void put4(int cp) {
      put1(0xf0 | (cp >> 18));
      put1(0x80 | ((cp >> 12) & 0x3f));
      put1(0x80 | ((cp >> 6) & 0x3f));
      put1(0x80 | (cp & 0x3f));
    }

    private void put1(int b) {
      if (bytes != null) {
        bytes[length] = (byte) b;
      }
      length++;
    }
  }
}
