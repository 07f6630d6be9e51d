package dev.keel.workers.data;

import dev.keel.workers.artifacts.ArtifactStore;
import dev.keel.workflows.training.ColumnSpec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a CSV file (RFC 4180, UTF-8, optional byte-order mark) into a typed {@link Table} and its canonical form.
 *
 * <p>Rules: a header row naming every column is required, names must be unique and non-empty; every row has as many
 * fields as the header; spaces around every cell and name are trimmed; a cell whose trimmed text is in
 * {@link #MISSING} is missing; empty lines at the end of the file are ignored. A column is {@code numeric} when every
 * non-missing value is a finite decimal number (digits, optional sign, point and exponent; not {@code NaN},
 * {@code Infinity}, hexadecimal or Java's {@code d}/{@code f} suffixes), otherwise {@code categorical}; a column
 * without any value is categorical.
 *
 * <p>The canonical form is the header and rows joined by {@code ,} and {@code \n} (with a final {@code \n}), cells
 * trimmed, missing cells empty, numbers as their trimmed text, and a field quoted (inner quotes doubled) only when it
 * holds a comma, quote, CR or LF. In a single-column table a missing cell is written {@code ""} so that it is not
 * read as an empty line. The version is the SHA-256 of the canonical form, so the same content with other line
 * endings, spacing, quoting or missing markers has the same version, and the canonical form parses to the same table.
 */
public final class CsvIngestor {

  /** Cell texts (after trimming) that mean "no value". */
  public static final Set<String> MISSING = Set.of("", "?", "NA");

  /** Reads a CSV stream; throws {@link CsvFormatException} naming the line and column of a malformed file. */
  public IngestedDataset ingest(InputStream in) {
    Table table = read(in);
    byte[] canonical = canonical(table);
    return new IngestedDataset(ArtifactStore.sha256(canonical), table, canonical, Profiler.profile(table));
  }

  /** Parses canonical content (as stored under a dataset version) into the same table {@link #ingest} produced. */
  public static Table parseCanonical(byte[] canonical) {
    return read(new ByteArrayInputStream(canonical));
  }

  static Table read(InputStream in) {
    CsvReader reader = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<String> names = header(reader);
    int width = names.size();
    List<List<String>> cells = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      cells.add(new ArrayList<>());
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
          throw new CsvFormatException(firstBlankLine, "line " + firstBlankLine + ": expected " + width
              + " fields (as in the header) but found an empty line");
        }
        for (; pendingBlank > 0; pendingBlank--) {
          cells.get(0).add(null);
          rows++;
        }
      }
      if (fields.size() != width) {
        throw new CsvFormatException(reader.recordLine(), "line " + reader.recordLine() + ": expected " + width
            + " fields (as in the header) but found " + fields.size());
      }
      for (int i = 0; i < width; i++) {
        String v = fields.get(i);
        cells.get(i).add(isMissing(v) ? null : v);
      }
      rows++;
    }
    List<Column> columns = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      columns.add(column(names.get(i), cells.get(i).toArray(new String[0])));
      cells.set(i, null);
    }
    return new Table(columns, rows);
  }

  private static List<String> header(CsvReader reader) {
    if (!reader.next()) {
      throw new CsvFormatException(0, "empty file: a header row is required");
    }
    if (reader.blank()) {
      while (reader.next()) {
        if (!reader.blank()) {
          throw new CsvFormatException(1, "line 1: the header row is empty: the first line must name the columns");
        }
      }
      throw new CsvFormatException(0, "empty file: a header row is required");
    }
    List<String> names = List.copyOf(reader.fields());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.isEmpty()) {
        throw new CsvFormatException(reader.recordLine(), "line " + reader.recordLine()
            + ": header has an empty column name at position " + (i + 1) + "; every column needs a name");
      }
      if (!seen.add(name)) {
        throw new CsvFormatException(reader.recordLine(), "line " + reader.recordLine()
            + ": duplicate column name '" + name + "' in header (positions " + (names.indexOf(name) + 1) + " and "
            + (i + 1) + "); column names must be unique");
      }
    }
    reader.header(names);
    return names;
  }

  static boolean isMissing(String trimmed) {
    return trimmed.length() <= 2 && MISSING.contains(trimmed);
  }

  private static Column column(String name, String[] values) {
    double[] numbers = new double[values.length];
    boolean any = false;
    for (int r = 0; r < values.length; r++) {
      String v = values[r];
      if (v == null) {
        numbers[r] = Double.NaN;
        continue;
      }
      double d = looksDecimal(v) ? Double.parseDouble(v) : Double.NaN;
      if (!Double.isFinite(d)) {
        return new Column(name, ColumnSpec.CATEGORICAL, values, null);
      }
      numbers[r] = d;
      any = true;
    }
    return any ? new Column(name, ColumnSpec.NUMERIC, values, numbers)
        : new Column(name, ColumnSpec.CATEGORICAL, values, null);
  }

  /** Whether a trimmed cell counts as a number: a decimal literal whose value is finite. */
  static boolean isNumber(String trimmed) {
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

  /** The canonical UTF-8 CSV of a table; see the class comment. */
  static byte[] canonical(Table table) {
    List<Column> columns = table.columns();
    boolean single = columns.size() == 1;
    StringBuilder out = new StringBuilder(Math.max(1024, table.rows() * columns.size() * 6));
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      field(out, columns.get(i).name());
    }
    out.append('\n');
    String[][] values = new String[columns.size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = columns.get(i).values();
    }
    for (int r = 0; r < table.rows(); r++) {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        String v = values[i][r];
        if (v != null) {
          field(out, v);
        } else if (single) {
          out.append("\"\"");
        }
      }
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void field(StringBuilder out, String v) {
    boolean quote = false;
    for (int k = 0; k < v.length() && !quote; k++) {
      char c = v.charAt(k);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    if (!quote) {
      out.append(v);
      return;
    }
    out.append('"');
    for (int k = 0; k < v.length(); k++) {
      char c = v.charAt(k);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }
}
