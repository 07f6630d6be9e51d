package dev.keel.ml.data;

import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.ModelSpec;
import java.util.List;
import java.util.Set;

/**
 * Which columns of a dataset a model uses as features: every column except the target and the
 * excluded ones, or, when the model declares a schema, the declared columns except the target.
 * Validation, training and evaluation all use this one rule, so the model's signature is exactly
 * what was validated.
 */
public final class ModelColumns {

  private ModelColumns() {}

  public static List<ColumnSpec> features(List<ColumnSpec> columns, ModelSpec spec) {
    Set<String> excluded = Set.copyOf(spec.exclude());
    List<ColumnSpec> source = spec.schema() != null ? spec.schema() : columns;
    return source.stream()
        .filter(c -> !c.name().equals(spec.target()) && !excluded.contains(c.name()))
        .toList();
  }
}
