package dev.keel.engine.api;

import java.util.List;

/**
 * CSV for people to open in spreadsheets: RFC 4180 quoting, and cells that a spreadsheet would run
 * as a formula (starting with {@code = + - @}, a tab or a carriage return) prefixed with {@code '}
 * so they stay text.
 */
public final class CsvExport {

  private CsvExport() {}

  public static String row(List<?> cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(cell(cells.get(i)));
    }
    return line.append("\r\n").toString();
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0
        || text.indexOf('"') >= 0
        || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0
        || text.startsWith("'")) {
      text = '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }
}
