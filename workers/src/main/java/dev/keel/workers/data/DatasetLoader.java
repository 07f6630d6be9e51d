package dev.keel.workers.data;

import dev.keel.workers.artifacts.ArtifactStore;
import dev.keel.workflows.training.ColumnSpec;
import dev.keel.workflows.training.DatasetRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Minimal stand-in so that training compiles before the real loader lands: reads a verified dataset version and
 * parses a plain comma-separated file with a header. Missing values are empty, {@code ?} or {@code NA}; a column is
 * numeric when every present value parses as a number. Replaced by the full loader (quoting, caching) at merge.
 */
public final class DatasetLoader {

  private static final Set<String> MISSING = Set.of("", "?", "NA");

  private final ArtifactStore store;

  public DatasetLoader(ArtifactStore store) {
    this.store = store;
  }

  public Table load(DatasetRef ref) {
    String text = new String(store.getVerified(ref.version()), StandardCharsets.UTF_8);
    String[] lines = text.split("\r?\n");
    String[] header = lines[0].split(",", -1);
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        rows.add(lines[i].split(",", -1));
      }
    }
    List<Column> columns = new ArrayList<>();
    for (int c = 0; c < header.length; c++) {
      String[] values = new String[rows.size()];
      double[] numbers = new double[rows.size()];
      boolean numeric = true;
      for (int r = 0; r < rows.size(); r++) {
        String raw = c < rows.get(r).length ? rows.get(r)[c].trim() : "";
        values[r] = MISSING.contains(raw) ? null : raw;
        numbers[r] = Double.NaN;
        if (values[r] != null) {
          try {
            numbers[r] = Double.parseDouble(values[r]);
          } catch (NumberFormatException e) {
            numeric = false;
          }
        }
      }
      columns.add(new Column(header[c].trim(), numeric ? ColumnSpec.NUMERIC : ColumnSpec.CATEGORICAL, values,
          numeric ? numbers : null));
    }
    return new Table(columns, rows.size());
  }
}
