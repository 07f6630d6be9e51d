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
 * @param pValue categorical only: the chi-square test's p-value (probability of a statistic at
 *     least this large if both samples came from one distribution); null when {@code chiSquare} is
 * @param missingShareBaseline share of training rows missing this feature (0..1)
 * @param missingShareWindow share of window rows missing it (absent, null, a missing marker, or
 *     text that is not a number for a numeric feature)
 * @param drifted whether the {@link DriftPolicy} counts this feature as drifted; always false for a
 *     window below the policy's minimum size
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
    boolean drifted) {}
