package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training pipeline needs to know of a registered model's definition.
 *
 * @param task {@code classification} or {@code regression}
 * @param target the column to predict
 * @param binarize for classification of a numeric target: the rule that makes the positive class;
 *     null otherwise
 * @param positiveClass for binary classification without {@code binarize}: the label counted as
 *     positive in ROC-AUC
 * @param exclude columns that are not features (ids, leakage)
 * @param trainer algorithm and hyperparameters
 * @param gates quality gates for the holdout metrics
 * @param schema the expected input columns (the first version's signature or a declared one); null
 *     accepts any
 * @param holdoutFraction share of rows held out for evaluation, split deterministically by {@code
 *     seed}
 * @param seed seed of the split and of the trainer
 * @param compareWithChampion whether a candidate must be at least as good as the champion on the
 *     primary metric
 * @param sweep a hyperparameter sweep that chooses the trainer's parameters before training, or
 *     null
 * @param championMargins champion-relative gates: the least improvement over the champion on a
 *     metric (empty: none)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelSpec(
    String task,
    String target,
    Binarize binarize,
    String positiveClass,
    List<String> exclude,
    TrainerSpec trainer,
    List<Gate> gates,
    List<ColumnSpec> schema,
    double holdoutFraction,
    long seed,
    boolean compareWithChampion,
    SweepSpec sweep,
    List<ChampionMargin> championMargins) {

  public static final String CLASSIFICATION = "classification";
  public static final String REGRESSION = "regression";

  public ModelSpec {
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    gates = gates == null ? List.of() : List.copyOf(gates);
    schema = schema == null ? null : List.copyOf(schema);
    championMargins = championMargins == null ? List.of() : List.copyOf(championMargins);
  }

  /** A spec without champion margins (as every spec was before margins existed). */
  public ModelSpec(
      String task,
      String target,
      Binarize binarize,
      String positiveClass,
      List<String> exclude,
      TrainerSpec trainer,
      List<Gate> gates,
      List<ColumnSpec> schema,
      double holdoutFraction,
      long seed,
      boolean compareWithChampion,
      SweepSpec sweep) {
    this(
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
        sweep,
        null);
  }

  /** The same spec with {@code margins} as its champion margins. */
  public ModelSpec withChampionMargins(List<ChampionMargin> margins) {
    return new ModelSpec(
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
        sweep,
        margins);
  }

  /**
   * The same spec without the comparison with the champion and without champion margins (gates
   * still apply).
   */
  public ModelSpec withoutChampionComparison() {
    return new ModelSpec(
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
        false,
        sweep,
        null);
  }

  /** The same spec expecting {@code columns} as its schema. */
  public ModelSpec withSchema(List<ColumnSpec> columns) {
    return new ModelSpec(
        task,
        target,
        binarize,
        positiveClass,
        exclude,
        trainer,
        gates,
        columns,
        holdoutFraction,
        seed,
        compareWithChampion,
        sweep);
  }

  /** A spec without a sweep (as every spec was before sweeps existed). */
  public ModelSpec(
      String task,
      String target,
      Binarize binarize,
      String positiveClass,
      List<String> exclude,
      TrainerSpec trainer,
      List<Gate> gates,
      List<ColumnSpec> schema,
      double holdoutFraction,
      long seed,
      boolean compareWithChampion) {
    this(
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
        null);
  }

  /** The same spec training with {@code params} over the trainer's own, and without the sweep. */
  public ModelSpec withTrainerParams(Map<String, String> params) {
    Map<String, String> merged = new LinkedHashMap<>(trainer.params());
    merged.putAll(params);
    return new ModelSpec(
        task,
        target,
        binarize,
        positiveClass,
        exclude,
        new TrainerSpec(trainer.algorithm(), merged),
        gates,
        schema,
        holdoutFraction,
        seed,
        compareWithChampion,
        null,
        championMargins);
  }

  public boolean isClassification() {
    return CLASSIFICATION.equals(task);
  }

  /** The metric a candidate is compared with the champion on: accuracy, or RMSE for regression. */
  public String primaryMetric() {
    return isClassification() ? "accuracy" : "rmse";
  }

  /** Whether a larger value of {@code metric} is better. */
  public static boolean higherIsBetter(String metric) {
    return !(metric.equals("rmse") || metric.equals("mae") || metric.equals("logLoss"));
  }
}
