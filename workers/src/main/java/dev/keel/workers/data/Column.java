package dev.keel.workers.data;

import dev.keel.workflows.training.ColumnSpec;

/**
 * One column of a parsed dataset. {@code values} holds the trimmed text of every row, {@code null} where the value
 * is missing. For a numeric column {@code numbers} holds the parsed values, {@code NaN} where missing; for a
 * categorical column it is null.
 */
public record Column(String name, String type, String[] values, double[] numbers) {

  public boolean isNumeric() {
    return ColumnSpec.NUMERIC.equals(type);
  }

  public boolean isMissing(int row) {
    return values[row] == null;
  }

  public ColumnSpec spec() {
    return new ColumnSpec(name, type);
  }
}
