package dev.keel.ml.drift;

import java.util.Collection;
import java.util.Map;

/**
 * A label-free estimate of a classifier's accuracy, after NannyML's confidence-based performance
 * estimation (CBPE): when the model's probabilities are calibrated, the chance that a prediction is
 * right is the probability of the predicted (most probable) class, so the expected accuracy of a
 * window is the mean of that highest probability over its predictions.
 *
 * <p>Keel does not calibrate models: the estimate uses the probabilities as the model gives them
 * (Tribuo's logistic regression is close to calibrated; trees and boosted trees tend to be over- or
 * under-confident), so read it as a trend to watch and a floor to alert on rather than an exact
 * figure.
 */
public final class ConfidenceEstimate {

  private ConfidenceEstimate() {}

  /**
   * Mean over the predictions of the highest class probability; null when no prediction has
   * probabilities.
   */
  public static Double expectedAccuracy(Collection<? extends Map<String, Double>> probabilities) {
    double sum = 0;
    int n = 0;
    for (Map<String, Double> p : probabilities) {
      if (p == null || p.isEmpty()) {
        continue;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (Double v : p.values()) {
        if (v != null && v > max) {
          max = v;
        }
      }
      if (Double.isFinite(max)) {
        sum += max;
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }
}
