package dev.keel.engine.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keel.workflows.contract.Binarize;
import dev.keel.workflows.contract.CachePolicy;
import dev.keel.workflows.contract.ChampionMargin;
import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.DataValidationPolicy;
import dev.keel.workflows.contract.Gate;
import dev.keel.workflows.schedule.ScheduleSpec;
import java.util.List;

/**
 * A model definition as posted to {@code POST /v1/models} and stored with the model.
 *
 * @param name unique model name
 * @param task {@code classification} or {@code regression}
 * @param target the column to predict
 * @param binarize optional rule turning a numeric target into the positive class, e.g. {@code
 *     {"op": ">=", "value": 6}}
 * @param positiveClass for binary targets without {@code binarize}: the positive label (for
 *     ROC-AUC)
 * @param exclude columns that are not features
 * @param trainer algorithm and hyperparameters
 * @param gates quality gates, e.g. {@code {"metric": "accuracy", "op": ">=", "value": 0.8}}
 * @param schema optional declared input schema; without it, the first version's signature is
 *     expected
 * @param holdoutFraction share of rows held out (default 0.2)
 * @param seed seed of split and trainer (default 42)
 * @param compareWithChampion whether a candidate must match or beat the champion (default true)
 * @param pipeline workflow type that trains it (default {@code TrainingPipeline}; user-defined
 *     pipelines allowed)
 * @param computeQueue compute task queue (default {@code keel-compute})
 * @param description free text
 * @param dataset the dataset the model trains on: a new version of it triggers a retrain
 * @param release approval and deployment of passing candidates (default: automatic approval, direct
 *     deployment)
 * @param monitoring drift policy, monitor interval and retraining cooldown
 * @param sweep a hyperparameter sweep that chooses the trainer's parameters in every run, or null
 * @param subjectColumn the column of the training data that identifies the person a row is about (a
 *     data subject), or null; an erasure ({@code POST /v1/erasures}) removes that person's rows and
 *     retrains on the rest
 * @param championMargins champion-relative gates, e.g. {@code {"metric": "rocAuc",
 *     "minAbsoluteChange": 0.01}}: a candidate must beat the champion by at least the margin
 * @param dataValidation checks of new data against the champion's training data before an automatic
 *     retrain, or null
 * @param schedule a cron schedule on which the model retrains by itself (on the newest version of
 *     its dataset), or null
 * @param cache step caching of the model's runs: ingest, validate, sweep trials and training reuse
 *     an earlier identical result; null computes every step
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDefinition(
    String name,
    String task,
    String target,
    Binarize binarize,
    String positiveClass,
    List<String> exclude,
    TrainerDefinition trainer,
    List<Gate> gates,
    List<ColumnSpec> schema,
    Double holdoutFraction,
    Long seed,
    Boolean compareWithChampion,
    String pipeline,
    String computeQueue,
    String description,
    String dataset,
    ReleaseDefinition release,
    MonitoringDefinition monitoring,
    SweepDefinition sweep,
    String subjectColumn,
    List<ChampionMargin> championMargins,
    DataValidationPolicy dataValidation,
    ScheduleSpec schedule,
    CachePolicy cache) {

  public static final String DEFAULT_PIPELINE = "TrainingPipeline";
  public static final double DEFAULT_HOLDOUT = 0.2;
  public static final long DEFAULT_SEED = 42;

  /** A definition without a sweep. */
  public ModelDefinition(
      String name,
      String task,
      String target,
      Binarize binarize,
      String positiveClass,
      List<String> exclude,
      TrainerDefinition trainer,
      List<Gate> gates,
      List<ColumnSpec> schema,
      Double holdoutFraction,
      Long seed,
      Boolean compareWithChampion,
      String pipeline,
      String computeQueue,
      String description,
      String dataset,
      ReleaseDefinition release,
      MonitoringDefinition monitoring) {
    this(
        name,
        task,
        target,
        binarize,
        positiveClass,
        exclude,
        trainer,
        gates,
        schema,
        holdoutFraction,
        seed,
        compareWithChampion,
        pipeline,
        computeQueue,
        description,
        dataset,
        release,
        monitoring,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * The monitoring policy with defaults filled in, also for a model registered through the MLflow
   * API, whose stored definition has a name only.
   */
  public MonitoringDefinition monitoringOrDefaults() {
    return (monitoring == null
            ? new MonitoringDefinition(null, null, null, null, null, null, null)
            : monitoring)
        .withDefaults();
  }

  /** The same definition with defaults filled in, as it is stored. */
  public ModelDefinition withDefaults() {
    return new ModelDefinition(
        name,
        task,
        target,
        binarize,
        positiveClass,
        exclude == null ? List.of() : exclude,
        trainer,
        gates == null ? List.of() : gates,
        schema,
        holdoutFraction == null ? DEFAULT_HOLDOUT : holdoutFraction,
        seed == null ? DEFAULT_SEED : seed,
        compareWithChampion == null ? Boolean.TRUE : compareWithChampion,
        pipeline == null || pipeline.isBlank() ? DEFAULT_PIPELINE : pipeline,
        computeQueue,
        description,
        dataset,
        (release == null ? new ReleaseDefinition(null, null, null) : release).withDefaults(),
        (monitoring == null
                ? new MonitoringDefinition(null, null, null, null, null, null, null)
                : monitoring)
            .withDefaults(),
        sweep,
        subjectColumn,
        championMargins,
        dataValidation,
        schedule == null ? null : schedule.withDefaults(),
        cache);
  }
}
