package dev.keel.ml.data;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Removes one data subject's rows from a dataset version's canonical CSV (for erasure requests).
 */
public final class SubjectRows {

  private SubjectRows() {}

  /**
   * The outcome: the CSV without the subject's rows, and how many were removed ({@code hasColumn}
   * false when the dataset has no such column, in which case nothing is removed).
   */
  public record Removed(byte[] csv, int removed, boolean hasColumn) {}

  public static Removed remove(byte[] canonical, String column, String subject) {
    CsvReader reader =
        new CsvReader(
            new InputStreamReader(new ByteArrayInputStream(canonical), StandardCharsets.UTF_8),
            ',',
            "UTF-8");
    if (!reader.next()) {
      return new Removed(canonical, 0, false);
    }
    List<String> header = List.copyOf(reader.fields());
    int index = header.indexOf(column);
    if (index < 0) {
      return new Removed(canonical, 0, false);
    }
    StringBuilder out = new StringBuilder(canonical.length);
    row(out, header);
    int removed = 0;
    while (reader.next()) {
      if (reader.blank()) {
        continue;
      }
      List<String> fields = reader.fields();
      if (index < fields.size() && subject.equals(fields.get(index))) {
        removed++;
      } else {
        row(out, fields);
      }
    }
    return new Removed(out.toString().getBytes(StandardCharsets.UTF_8), removed, true);
  }

  private static void row(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String f = fields.get(i);
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0) {
        out.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        out.append(f);
      }
    }
    out.append('\n');
  }
}
