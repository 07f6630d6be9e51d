package dev.keel.ml.data;

import dev.keel.workflows.contract.ColumnSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed, typed dataset held column by column. Immutable by convention: do not modify the arrays.
 */
public final class Table {

  private final List<Column> columns;
  private final Map<String, Column> byName = new LinkedHashMap<>();
  private final int rows;

  public Table(List<Column> columns, int rows) {
    this.columns = List.copyOf(columns);
    this.rows = rows;
    for (Column c : columns) {
      byName.put(c.name(), c);
    }
  }

  public int rows() {
    return rows;
  }

  public List<Column> columns() {
    return columns;
  }

  public Optional<Column> column(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<ColumnSpec> specs() {
    return columns.stream().map(Column::spec).toList();
  }
}
