package dev.keel.ml.drift;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How one feature of a live window compares with the training data.
 *
 * @param name the feature (column) name
 * @param type {@code numeric} or {@code categorical}, as in the training profile
 * @param psi population stability index over the baseline's bins (numeric) or categories
 *     (categorical); null when the window or the baseline has no value of this feature
 * @param chiSquare categorical only: chi-square statistic of the 2 x k table of baseline and window
 *     category counts; null for numeric features and when it cannot be computed (fewer than two
 *     categories seen, or no values)
 * @param pValue the chi-square test's p-value (categorical) or the two-sample Kolmogorov-Smirnov
 *     test's (numeric, against the reference sample): the probability of a statistic at least this
 *     large if both samples came from one distribution; null when neither could be computed
 * @param missingShareBaseline share of training rows missing this feature (0..1)
 * @param missingShareWindow share of window rows missing it (absent, null, a missing marker, or
 *     text that is not a number for a numeric feature)
 * @param drifted whether the {@link DriftPolicy} counts this feature as drifted; always false for a
 *     window below the policy's minimum size
 * @param method what decided {@code drifted}: {@code psi}, {@code ks}, {@code wasserstein} or
 *     (categorical) {@code chi-square} (with PSI beside it)
 * @param statistic the deciding method's figure: PSI, the KS p-value, the normalised Wasserstein
 *     distance or the chi-square p-value; null when it could not be computed
 * @param threshold the policy's threshold for {@code statistic}
 * @param ks numeric with a reference sample: the KS statistic D (largest gap of the two empirical
 *     distribution functions)
 * @param wasserstein numeric with a reference sample: the Wasserstein-1 distance divided by the
 *     reference sample's standard deviation (by 1 when that is 0)
 * @param referenceRows values of this feature in the reference sample; null without a sample
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeatureDrift(
    String name,
    String type,
    Double psi,
    Double chiSquare,
    Double pValue,
    double missingShareBaseline,
    double missingShareWindow,
    boolean drifted,
    String method,
    Double statistic,
    Double threshold,
    Double ks,
    Double wasserstein,
    Integer referenceRows) {

  /** A feature judged by PSI or chi-square alone (a baseline without a reference sample). */
  public FeatureDrift(
      String name,
      String type,
      Double psi,
      Double chiSquare,
      Double pValue,
      double missingShareBaseline,
      double missingShareWindow,
      boolean drifted) {
    this(
        name,
        type,
        psi,
        chiSquare,
        pValue,
        missingShareBaseline,
        missingShareWindow,
        drifted,
        pValue != null ? "chi-square" : DriftPolicy.PSI,
        pValue != null ? pValue : psi,
        null,
        null,
        null,
        null);
  }
}
