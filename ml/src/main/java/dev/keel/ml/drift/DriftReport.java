package dev.keel.ml.drift;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The result of comparing a window of live inputs with the training data: figures per feature, no
 * raw data.
 *
 * @param windowSize rows in the window
 * @param sufficient whether the window had the policy's minimum number of rows; when not, nothing
 *     is drifted
 * @param drifted whether the window drifted under the policy
 * @param summary one line for people, e.g. {@code "drifted: 2 of 11 features (residual_sugar,
 *     ...)"}, {@code "no drift: 0 of 11 features drifted"} or {@code "insufficient data: 40 rows,
 *     the policy needs 100"}
 * @param features one entry per requested feature, in the requested order
 * @param referenceRows rows of the reference sample the numeric features were tested against; null
 *     when the baseline has none (PSI on the profile's bins only)
 * @param output drift of the model's outputs (predicted labels or values) against its outputs on
 *     the reference sample; null when not computed
 * @param estimatedAccuracy label-free estimate of the window's accuracy (classification: the mean
 *     of the highest class probability, {@link ConfidenceEstimate}); null when not computed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DriftReport(
    long windowSize,
    boolean sufficient,
    boolean drifted,
    String summary,
    List<FeatureDrift> features,
    Integer referenceRows,
    OutputDrift output,
    Double estimatedAccuracy) {

  public DriftReport {
    features = features == null ? List.of() : List.copyOf(features);
  }

  public DriftReport(
      long windowSize,
      boolean sufficient,
      boolean drifted,
      String summary,
      List<FeatureDrift> features) {
    this(windowSize, sufficient, drifted, summary, features, null, null, null);
  }

  /** The same report with the model's output drift and estimated accuracy. */
  public DriftReport withOutputs(OutputDrift output, Double estimatedAccuracy) {
    return new DriftReport(
        windowSize,
        sufficient,
        drifted,
        summary,
        features,
        referenceRows,
        output,
        estimatedAccuracy);
  }

  /** Names of the drifted features, in report order. */
  public List<String> driftedFeatures() {
    return features.stream().filter(FeatureDrift::drifted).map(FeatureDrift::name).toList();
  }
}
