package dev.keel.ml.drift;

import dev.keel.ml.data.Column;
import dev.keel.ml.data.CsvIngestor;
import dev.keel.ml.data.Table;
import dev.keel.workflows.contract.ColumnSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dataset version's reservoir sample ({@link dev.keel.ml.data.ReservoirSample}) read back: the
 * reference that numeric features are tested against and that the model scores for its reference
 * outputs.
 */
public final class ReferenceSample {

  private final String address;
  private final Table table;
  private final Map<String, double[]> numbers = new ConcurrentHashMap<>();

  public ReferenceSample(String address, Table table) {
    this.address = address;
    this.table = table;
  }

  /** Parses the stored canonical CSV of a sample. */
  public static ReferenceSample parse(String address, byte[] csv) {
    return new ReferenceSample(address, CsvIngestor.parseCanonical(csv));
  }

  public String address() {
    return address;
  }

  public int rows() {
    return table.rows();
  }

  /** The present values of a column as numbers, sorted; empty when the sample lacks the column. */
  public double[] numbers(String column) {
    return numbers.computeIfAbsent(
        column,
        name -> {
          Optional<Column> c = table.column(name);
          if (c.isEmpty()) {
            return new double[0];
          }
          double[] out = new double[table.rows()];
          int n = 0;
          double[] parsed = c.get().isNumeric() ? c.get().numbers() : null;
          String[] text = parsed == null ? c.get().values() : null;
          for (int r = 0; r < table.rows(); r++) {
            double v = parsed != null ? parsed[r] : DriftCalculator.number(text[r]);
            if (!Double.isNaN(v)) {
              out[n++] = v;
            }
          }
          double[] sorted = Arrays.copyOf(out, n);
          Arrays.sort(sorted);
          return sorted;
        });
  }

  /**
   * The sample's rows as a served model takes them (numbers as Double, categories as text), for the
   * features of {@code signature}; rows missing one of them are left out, as serving refuses them.
   */
  public List<Map<String, Object>> rows(List<ColumnSpec> signature) {
    List<Map<String, Object>> rows = new ArrayList<>(table.rows());
    List<String[]> text = new ArrayList<>();
    for (ColumnSpec s : signature) {
      text.add(table.column(s.name()).map(Column::values).orElse(null));
    }
    for (int r = 0; r < table.rows(); r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < signature.size() && row != null; i++) {
        ColumnSpec s = signature.get(i);
        String cell = text.get(i) == null ? null : text.get(i)[r];
        if (cell == null) {
          row = null;
        } else if (ColumnSpec.NUMERIC.equals(s.type())) {
          double v = DriftCalculator.number(cell);
          if (Double.isNaN(v)) {
            row = null;
          } else {
            row.put(s.name(), v);
          }
        } else {
          row.put(s.name(), cell);
        }
      }
      if (row != null) {
        rows.add(row);
      }
    }
    return rows;
  }
}
