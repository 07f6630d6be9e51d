package dev.keel.ml.data;

import dev.keel.workflows.contract.ColumnSpec;

/**
 * One column of a parsed dataset. {@link #values()} holds the trimmed text of every row, {@code
 * null} where the value is missing. For a numeric column {@link #numbers()} holds the parsed
 * values, {@code NaN} where missing; for a categorical column it is null. A numeric column keeps
 * its text compactly and makes {@code values()} only when it is asked for (a numeric target's
 * labels); a categorical column's repeated values are one string each.
 */
public final class Column {

  private final String name;
  private final String type;
  private final double[] numbers;
  private final CellText text;
  private volatile String[] values;

  private Column(String name, String type, String[] values, CellText text, double[] numbers) {
    this.name = name;
    this.type = type;
    this.values = values;
    this.text = text;
    this.numbers = numbers;
  }

  /** A categorical column of these values (null where missing). */
  static Column categorical(String name, String[] values) {
    return new Column(name, ColumnSpec.CATEGORICAL, values, null, null);
  }

  /** A numeric column of these texts and their parsed values. */
  static Column numeric(String name, CellText text, double[] numbers) {
    return new Column(name, ColumnSpec.NUMERIC, null, text, numbers);
  }

  public String name() {
    return name;
  }

  public String type() {
    return type;
  }

  public double[] numbers() {
    return numbers;
  }

  /** Every row's text, null where missing. Do not modify the array. */
  public String[] values() {
    String[] v = values;
    if (v == null) {
      v = new String[text.cells()];
      for (int r = 0; r < v.length; r++) {
        v[r] = text.get(r);
      }
      values = v;
    }
    return v;
  }

  public boolean isNumeric() {
    return ColumnSpec.NUMERIC.equals(type);
  }

  public boolean isMissing(int row) {
    return text != null ? text.isMissing(row) : values[row] == null;
  }

  public ColumnSpec spec() {
    return new ColumnSpec(name, type);
  }

  /** The compact text of a numeric column (null for a categorical one). */
  CellText text() {
    return text;
  }
}
