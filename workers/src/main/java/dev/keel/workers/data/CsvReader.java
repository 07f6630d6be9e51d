package dev.keel.workers.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 record reader written for speed: one pass over a buffered character stream, no regular expressions.
 * Fields are trimmed; line breaks inside quoted fields are kept as {@code \n}. Line numbers are physical lines of the
 * file, 1-based.
 */
final class CsvReader {

  private final Reader in;
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

  CsvReader(Reader in) {
    this.in = in;
  }

  /** Names the columns, so that later errors can say which column a bad field belongs to. */
  void header(List<String> names) {
    this.header = names;
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
    }
    if (c == -1) {
      return false;
    }
    recordLine = line;
    while (true) {
      sb.setLength(0);
      while (c == ' ' || c == '\t') {
        c = read();
      }
      if (c == '"') {
        quoted = true;
        int startLine = line;
        while (true) {
          c = read();
          if (c == -1) {
            throw error(startLine, "unterminated quoted field: a field that opens with '\"' must close with '\"'");
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
            sb.append((char) c);
          }
        }
        while (c == ' ' || c == '\t') {
          c = read();
        }
        if (c != ',' && c != '\n' && c != '\r' && c != -1) {
          throw error(line, "text after the closing quote of a quoted field; expected ',' or the end of the line"
              + " (write a quote inside a quoted field as \"\")");
        }
      } else {
        while (c != ',' && c != '\n' && c != '\r' && c != -1) {
          if (c == '"') {
            throw error(line, "quote inside an unquoted field; expected the whole field in quotes with inner"
                + " quotes doubled (\"\")");
          }
          sb.append((char) c);
          c = read();
        }
      }
      fields.add(trimmed());
      if (c == ',') {
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
      where = "line " + atLine + ", field " + (index + 1) + " (the header has " + header.size() + "): ";
    } else {
      where = "line " + atLine + ", header position " + (index + 1) + ": ";
    }
    return new CsvFormatException(atLine, where + what);
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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CSV input", e);
    }
  }
}
