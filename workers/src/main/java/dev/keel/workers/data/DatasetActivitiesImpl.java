package dev.keel.workers.data;

import dev.keel.ml.artifacts.ArtifactStore.ArtifactCorruptException;
import dev.keel.ml.artifacts.ArtifactStore.ArtifactNotFoundException;
import dev.keel.ml.data.Column;
import dev.keel.ml.data.CsvFormatException;
import dev.keel.ml.data.CsvIngestor;
import dev.keel.ml.data.DatasetLoader;
import dev.keel.ml.data.ModelColumns;
import dev.keel.ml.data.Table;
import dev.keel.workers.cache.StepCache;
import dev.keel.workflows.contract.ActivityStats;
import dev.keel.workflows.contract.Binarize;
import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.Comparison;
import dev.keel.workflows.contract.DatasetActivities;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.IngestRequest;
import dev.keel.workflows.contract.IngestResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.ValidateRequest;
import dev.keel.workflows.contract.ValidationResult;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Dataset activities on a worker. Bad input (a missing or corrupt version, a column the model needs
 * but the data lacks, a target that cannot be learned) fails with a non-retryable {@link
 * PipelineActivities#INVALID_INPUT} failure whose message names the column and, where it applies,
 * the row, and whose single detail is the attempt.
 */
public final class DatasetActivitiesImpl implements DatasetActivities {

  private final DatasetLoader loader;
  private final StepCache cache;

  /** Without step caching. */
  public DatasetActivitiesImpl(DatasetLoader loader) {
    this(loader, StepCache.OFF);
  }

  public DatasetActivitiesImpl(DatasetLoader loader, StepCache cache) {
    this.loader = loader;
    this.cache = cache;
  }

  @Override
  public IngestResult ingest(IngestRequest request) {
    long started = System.nanoTime();
    int attempt = attempt();
    return cache.get(
        "ingest",
        request.cache(),
        java.util.Map.of("dataset", request.dataset()),
        IngestResult.class,
        r -> cache.intact(request.dataset().version()),
        r -> new IngestResult(r.dataset(), r.rows(), r.columns(), reused(started, attempt)),
        r -> null,
        () -> computeIngest(request));
  }

  private IngestResult computeIngest(IngestRequest request) {
    long started = System.nanoTime();
    int attempt = attempt();
    Table table = load(loader, request.dataset(), attempt);
    return new IngestResult(
        request.dataset(), table.rows(), table.specs(), stats(started, attempt));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The features returned are {@link ModelColumns#features}, the signature training will use:
   * the dataset's columns with their types, or, when the model declares a schema, the declared
   * columns with the declared types (which the data has been checked to satisfy; a numeric-looking
   * column declared categorical is read as text).
   */
  @Override
  public ValidationResult validate(ValidateRequest request) {
    long started = System.nanoTime();
    int attempt = attempt();
    return cache.get(
        "validate",
        request.cache(),
        java.util.Map.of("dataset", request.dataset(), "spec", request.spec()),
        ValidationResult.class,
        r -> cache.intact(request.dataset().version()),
        r -> new ValidationResult(r.features(), r.labelledRows(), reused(started, attempt)),
        r ->
            request.spec().schema() != null
                ? null
                : java.util.Map.of(
                    "dataset", request.dataset(), "spec", request.spec().withSchema(r.features())),
        () -> computeValidate(request));
  }

  private ValidationResult computeValidate(ValidateRequest request) {
    long started = System.nanoTime();
    int attempt = attempt();
    DatasetRef ref = request.dataset();
    ModelSpec spec = request.spec();
    Table table = load(loader, ref, attempt);
    int rows = table.rows();
    if (rows == 0) {
      throw invalid("dataset " + ref + " has a header but no rows", attempt);
    }
    if (!ModelSpec.CLASSIFICATION.equals(spec.task())
        && !ModelSpec.REGRESSION.equals(spec.task())) {
      throw invalid(
          "task must be '"
              + ModelSpec.CLASSIFICATION
              + "' or '"
              + ModelSpec.REGRESSION
              + "', not '"
              + spec.task()
              + "'",
          attempt);
    }
    Optional<Column> found = spec.target() == null ? Optional.empty() : table.column(spec.target());
    if (found.isEmpty()) {
      throw invalid(
          "target column '"
              + spec.target()
              + "' is not in dataset "
              + ref
              + "; its columns are "
              + names(table),
          attempt);
    }
    Column target = found.get();
    long labelled = present(target);
    if (labelled == 0) {
      throw invalid(
          "target column '" + target.name() + "' has no values: all " + rows + " rows are missing",
          attempt);
    }
    checkTarget(target, spec, attempt);

    List<String> problems = new ArrayList<>();
    List<ColumnSpec> features = ModelColumns.features(table.specs(), spec);
    for (ColumnSpec feature : features) {
      checkFeature(table, feature, spec.schema() != null, problems);
    }
    if (!problems.isEmpty()) {
      throw invalid(String.join("; ", problems), attempt);
    }
    return new ValidationResult(features, labelled, stats(started, attempt));
  }

  private static void checkTarget(Column target, ModelSpec spec, int attempt) {
    Binarize binarize = spec.binarize();
    if (binarize != null) {
      try {
        Comparison.of(binarize.op());
      } catch (IllegalArgumentException e) {
        throw invalid(
            "binarize rule of target column '" + target.name() + "': " + e.getMessage(), attempt);
      }
    }
    String purpose =
        !spec.isClassification()
            ? "for regression"
            : binarize != null
                ? "to binarize it with "
                    + target.name()
                    + " "
                    + binarize.op()
                    + " "
                    + binarize.value()
                : null;
    if (purpose != null && !target.isNumeric()) {
      int row = firstNonNumeric(target);
      throw invalid(
          "target column '"
              + target.name()
              + "' must be numeric "
              + purpose
              + ", but row "
              + (row + 1)
              + " (line "
              + (row + 2)
              + ") has '"
              + target.values()[row]
              + "'",
          attempt);
    }
    if (!spec.isClassification()) {
      return;
    }
    Set<String> labels = new HashSet<>();
    for (int r = 0; r < target.values().length && labels.size() < 2; r++) {
      if (!target.isMissing(r)) {
        labels.add(
            binarize == null
                ? target.values()[r]
                : binarize.test(target.numbers()[r]) ? Binarize.POSITIVE : Binarize.NEGATIVE);
      }
    }
    if (labels.size() < 2) {
      String only = labels.iterator().next();
      throw invalid(
          "target column '"
              + target.name()
              + "' has a single class '"
              + only
              + "'"
              + (binarize == null
                  ? ""
                  : " after binarizing with "
                      + target.name()
                      + " "
                      + binarize.op()
                      + " "
                      + binarize.value())
              + ": classification needs at least two",
          attempt);
    }
  }

  /**
   * Adds what is wrong with one feature column; {@code declared} when its type comes from the
   * model's schema.
   */
  private static void checkFeature(
      Table table, ColumnSpec expected, boolean declared, List<String> problems) {
    Optional<Column> found = table.column(expected.name());
    if (found.isEmpty()) {
      problems.add(
          "column '"
              + expected.name()
              + "' is missing: the model expects a "
              + expected.type()
              + " column '"
              + expected.name()
              + "' (the dataset has "
              + names(table)
              + ")");
      return;
    }
    Column column = found.get();
    if (present(column) == 0) {
      problems.add(
          "column '"
              + column.name()
              + "' has no values: all "
              + table.rows()
              + " rows are missing; fill it in or exclude it from the model's features");
      return;
    }
    if (declared && ColumnSpec.NUMERIC.equals(expected.type()) && !column.isNumeric()) {
      int row = firstNonNumeric(column);
      problems.add(
          "column '"
              + column.name()
              + "' must be numeric, but row "
              + (row + 1)
              + " (line "
              + (row + 2)
              + ") has '"
              + column.values()[row]
              + "'");
    }
  }

  /**
   * The first row (0-based) whose value is present but not a number; the column must be
   * categorical.
   */
  private static int firstNonNumeric(Column column) {
    String[] values = column.values();
    for (int r = 0; r < values.length; r++) {
      if (values[r] != null && !CsvIngestor.isNumber(values[r])) {
        return r;
      }
    }
    throw new IllegalStateException(
        "column '" + column.name() + "' is categorical but every value is a number");
  }

  private static long present(Column column) {
    long n = 0;
    for (String v : column.values()) {
      if (v != null) {
        n++;
      }
    }
    return n;
  }

  private static List<String> names(Table table) {
    return table.columns().stream().map(Column::name).toList();
  }

  /** Loads a dataset version; what cannot be read is a non-retryable invalid-input failure. */
  static Table load(DatasetLoader loader, DatasetRef ref, int attempt) {
    try {
      return loader.load(ref);
    } catch (ArtifactNotFoundException e) {
      throw invalid("dataset " + ref + " is not in the artifact store", attempt);
    } catch (ArtifactCorruptException e) {
      throw invalid("dataset " + ref + " is corrupt: " + e.getMessage(), attempt);
    } catch (dev.keel.ml.artifacts.ArtifactStore.ArtifactErasedException e) {
      throw invalid("dataset " + ref + " can no longer be read: " + e.getMessage(), attempt);
    } catch (IllegalArgumentException e) {
      throw invalid("dataset " + ref + " has no valid version: " + e.getMessage(), attempt);
    } catch (CsvFormatException e) {
      throw invalid("dataset " + ref + " is not readable as CSV: " + e.getMessage(), attempt);
    }
  }

  private static ApplicationFailure invalid(String message, int attempt) {
    return ApplicationFailure.newNonRetryableFailure(
        message, PipelineActivities.INVALID_INPUT, attempt);
  }

  static ActivityStats stats(long startedNanos, int attempt) {
    return new ActivityStats((System.nanoTime() - startedNanos) / 1_000_000, attempt);
  }

  private static ActivityStats reused(long startedNanos, int attempt) {
    return new ActivityStats((System.nanoTime() - startedNanos) / 1_000_000, attempt, true);
  }

  /**
   * The current activity attempt, counted from 1: 1 when called outside an activity (plain unit
   * tests, tools) and under Temporal's {@code TestActivityEnvironment}, which reports attempt 0.
   */
  static int attempt() {
    try {
      return Math.max(1, Activity.getExecutionContext().getInfo().getAttempt());
    } catch (IllegalStateException e) {
      return 1;
    }
  }
}
