package dev.keel.ml.validation;

import dev.keel.ml.data.Column;
import dev.keel.ml.data.ColumnProfile;
import dev.keel.ml.data.DatasetProfile;
import dev.keel.ml.data.Profiler;
import dev.keel.ml.data.Table;
import dev.keel.ml.drift.DriftCalculator;
import dev.keel.ml.drift.DriftPolicy;
import dev.keel.ml.drift.FeatureDrift;
import dev.keel.workflows.contract.DataValidationPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Checks a new dataset version against the profile of the data a model was trained on, as TFX's
 * {@code ExampleValidator} checks examples against a schema and statistics: for every feature
 * column, the rise of its share of missing values, (numeric) the share of values outside the
 * training range, (categorical) values the training data never had, and the population stability
 * index against the training profile's own bins and categories ({@link DriftCalculator}). Each
 * figure over the policy's bound is a problem sentence naming the column and the figures.
 *
 * <p>New categories are exact only when the training profile counted every category one by one (at
 * most {@link Profiler#TOP_VALUES}); beyond that the profile lumps the rest together and the check
 * says so instead of guessing.
 */
public final class DataValidator {

  private final DataValidationPolicy policy;

  public DataValidator(DataValidationPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy").withDefaults();
  }

  /** One column's figures; {@code problems} lists those over the policy's bounds. */
  public record ColumnCheck(
      String name,
      String type,
      double missingShareBaseline,
      double missingShare,
      Double outOfRangeShare,
      Map<String, Long> newCategories,
      Double psi,
      List<String> problems) {}

  /** The whole check: the columns' figures and every problem, in column order. */
  public record Report(List<ColumnCheck> columns, List<String> problems, List<String> notes) {
    public boolean passed() {
      return problems.isEmpty();
    }

    /** A sentence: how many problems in how many columns, or that the data passed. */
    public String summary() {
      List<String> flagged =
          columns.stream().filter(c -> !c.problems().isEmpty()).map(ColumnCheck::name).toList();
      String head =
          problems.isEmpty()
              ? "no problems in " + columns.size() + " columns"
              : problems.size()
                  + (problems.size() == 1 ? " problem" : " problems")
                  + " in "
                  + flagged.size()
                  + " of "
                  + columns.size()
                  + " columns "
                  + flagged;
      return notes.isEmpty() ? head : head + " (" + String.join("; ", notes) + ")";
    }
  }

  /**
   * Checks {@code table}'s {@code features} against {@code baseline}. A feature the baseline lacks
   * is a problem (the model was not trained on it); one the table lacks is left to schema
   * validation.
   */
  public Report check(DatasetProfile baseline, Table table, List<String> features) {
    Map<String, ColumnProfile> profiles = new HashMap<>();
    for (ColumnProfile c : baseline.columns()) {
      profiles.put(c.name(), c);
    }
    List<String> comparable = new ArrayList<>();
    Map<String, ColumnCheck> checks = new HashMap<>();
    List<String> notes = new ArrayList<>();
    for (String name : features) {
      ColumnProfile profile = profiles.get(name);
      Column column = table.column(name).orElse(null);
      if (column == null) {
        continue;
      }
      String mismatch =
          profile == null
              ? "column '" + name + "' is not in the training data"
              : profile.type().equals(column.type())
                  ? null
                  : "column '"
                      + name
                      + "' is "
                      + column.type()
                      + " but was "
                      + profile.type()
                      + " in the training data";
      if (mismatch != null) {
        checks.put(
            name,
            new ColumnCheck(name, column.type(), 0, 0, null, Map.of(), null, List.of(mismatch)));
        continue;
      }
      comparable.add(name);
      if (!column.isNumeric()
          && profile.frequencies() != null
          && profile.frequencies().containsKey(Profiler.OTHER)) {
        notes.add(
            "new categories of '"
                + name
                + "' not checked: the training data has more than "
                + Profiler.TOP_VALUES
                + " categories");
      }
    }
    Map<String, FeatureDrift> drift = new HashMap<>();
    if (!comparable.isEmpty() && table.rows() > 0) {
      DriftPolicy driftPolicy =
          new DriftPolicy(
              policy.maxPsi() > 0 ? policy.maxPsi() : DriftCalculator.EPSILON,
              1,
              0,
              1,
              policy.maxMissingIncrease() > 0 ? policy.maxMissingIncrease() : 1);
      for (FeatureDrift f :
          new DriftCalculator(driftPolicy)
              .compare(baseline, rows(table, comparable), comparable)
              .features()) {
        drift.put(f.name(), f);
      }
    }
    for (String name : comparable) {
      checks.put(
          name, column(profiles.get(name), table.column(name).orElseThrow(), drift.get(name)));
    }
    List<ColumnCheck> columns = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String name : features) {
      ColumnCheck c = checks.get(name);
      if (c != null) {
        columns.add(c);
        problems.addAll(c.problems());
      }
    }
    return new Report(List.copyOf(columns), List.copyOf(problems), List.copyOf(notes));
  }

  private ColumnCheck column(ColumnProfile profile, Column column, FeatureDrift drift) {
    String name = column.name();
    int rows = column.isNumeric() ? column.numbers().length : column.values().length;
    long missing = 0;
    for (int r = 0; r < rows; r++) {
      if (column.isMissing(r)) {
        missing++;
      }
    }
    long baselineRows = profile.count() + profile.missing();
    double missingBaseline = baselineRows == 0 ? 0 : (double) profile.missing() / baselineRows;
    double missingShare = rows == 0 ? 0 : (double) missing / rows;
    long present = rows - missing;
    List<String> problems = new ArrayList<>();
    if (missingShare - missingBaseline > policy.maxMissingIncrease()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "column '%s': missing values rose from %s to %s of rows (+%.3f, max +%s)",
              name,
              percent(missingBaseline),
              percent(missingShare),
              missingShare - missingBaseline,
              fmt(policy.maxMissingIncrease())));
    }
    Double outOfRange = null;
    Map<String, Long> newCategories = new TreeMap<>();
    if (column.isNumeric()) {
      if (profile.min() != null && profile.max() != null && present > 0) {
        long outside = 0;
        double[] numbers = column.numbers();
        for (int r = 0; r < rows; r++) {
          double v = numbers[r];
          if (!Double.isNaN(v) && (v < profile.min() || v > profile.max())) {
            outside++;
          }
        }
        outOfRange = (double) outside / present;
        if (outOfRange > policy.maxOutOfRangeShare()) {
          problems.add(
              String.format(
                  Locale.ROOT,
                  "column '%s': %s of values (%d of %d) outside the training range [%s, %s]"
                      + " (max %s)",
                  name,
                  percent(outOfRange),
                  outside,
                  present,
                  fmt(profile.min()),
                  fmt(profile.max()),
                  percent(policy.maxOutOfRangeShare())));
        }
      }
    } else {
      Map<String, Long> known = profile.frequencies() == null ? Map.of() : profile.frequencies();
      if (!known.containsKey(Profiler.OTHER)) {
        String[] values = column.values();
        for (int r = 0; r < rows; r++) {
          String v = values[r];
          if (v != null && !known.containsKey(v)) {
            newCategories.merge(v, 1L, Long::sum);
          }
        }
      }
      if (!newCategories.isEmpty() && !policy.allowNewCategories()) {
        long count = newCategories.values().stream().mapToLong(Long::longValue).sum();
        List<String> shown =
            newCategories.entrySet().stream()
                .limit(5)
                .map(e -> "'" + e.getKey() + "' (" + e.getValue() + ")")
                .toList();
        problems.add(
            "column '"
                + name
                + "': "
                + newCategories.size()
                + (newCategories.size() == 1 ? " category" : " categories")
                + " the training data does not have, in "
                + count
                + (count == 1 ? " row: " : " rows: ")
                + String.join(", ", shown)
                + (newCategories.size() > 5 ? ", …" : "")
                + " (new categories are not allowed)");
      }
    }
    Double psi = drift == null ? null : drift.psi();
    if (psi != null && psi > policy.maxPsi()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "column '%s': PSI %.3f against the training profile (max %s)",
              name,
              psi,
              fmt(policy.maxPsi())));
    }
    return new ColumnCheck(
        name,
        column.type(),
        missingBaseline,
        missingShare,
        outOfRange,
        Map.copyOf(newCategories),
        psi,
        List.copyOf(problems));
  }

  /** The table's rows as the drift calculator reads them: numbers as doubles (NaN missing). */
  private static List<Map<String, Object>> rows(Table table, List<String> names) {
    List<Column> columns = names.stream().map(n -> table.column(n).orElseThrow()).toList();
    List<Map<String, Object>> rows = new ArrayList<>(table.rows());
    for (int r = 0; r < table.rows(); r++) {
      Map<String, Object> row = new HashMap<>();
      for (Column c : columns) {
        row.put(c.name(), c.isNumeric() ? (Object) c.numbers()[r] : c.values()[r]);
      }
      rows.add(row);
    }
    return rows;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String fmt(double v) {
    return java.math.BigDecimal.valueOf(v)
        .round(new java.math.MathContext(6))
        .stripTrailingZeros()
        .toPlainString();
  }
}
