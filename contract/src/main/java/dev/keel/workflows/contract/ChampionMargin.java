package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A champion-relative gate, as MLflow's {@code MetricThreshold} with {@code min_absolute_change} or
 * {@code min_relative_change}: the candidate must beat the champion's value of {@code metric} on
 * the same holdout by at least the margin. Exactly one of the two margins is set. The direction
 * comes from the metric ({@link ModelSpec#higherIsBetter}: {@code rmse}, {@code mae} and {@code
 * logLoss} must go down, every other metric up). Without a champion the margin passes.
 *
 * @param metric a holdout metric of the model's task
 * @param minAbsoluteChange the least improvement in the metric's own units, e.g. {@code 0.01} of
 *     ROC-AUC
 * @param minRelativeChange the least improvement as a share of the champion's value, e.g. {@code
 *     0.05} for 5% lower RMSE
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChampionMargin(String metric, Double minAbsoluteChange, Double minRelativeChange) {

  /** Whether a larger value of the metric is better. */
  public boolean greaterIsBetter() {
    return ModelSpec.higherIsBetter(metric);
  }

  /**
   * The improvement over {@code champion} the candidate must reach, in the metric's units (always
   * positive or zero).
   */
  public double requiredChange(double champion) {
    return minAbsoluteChange != null ? minAbsoluteChange : minRelativeChange * Math.abs(champion);
  }
}
