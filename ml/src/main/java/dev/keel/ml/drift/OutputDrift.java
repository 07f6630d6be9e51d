package dev.keel.ml.drift;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * How the model's outputs on a live window compare with its outputs on the reference sample of its
 * training data ("prediction drift"): the shares of predicted labels (classification; PSI and the
 * chi-square test, as a categorical feature) or the distribution of predicted values (regression;
 * as a numeric feature, by the policy's numeric method).
 *
 * @param kind {@code label} or {@code value}
 * @param method what decided {@code drifted}: {@code chi-square}, {@code psi}, {@code ks} or {@code
 *     wasserstein}
 * @param statistic the deciding method's figure (p-value for chi-square and KS)
 * @param threshold the policy's threshold for {@code statistic}
 * @param psi PSI of the window's label shares against the reference's (labels only)
 * @param pValue chi-square p-value (labels) or KS p-value (values)
 * @param ks KS statistic D (values only)
 * @param wasserstein normalised Wasserstein distance (values only)
 * @param referenceShares share of each predicted label on the reference sample (labels only)
 * @param windowShares share of each predicted label in the window (labels only)
 * @param referenceRows outputs on the reference side
 * @param windowRows outputs in the window
 * @param drifted whether the outputs drifted under the policy; false below the policy's minimum
 *     window
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutputDrift(
    String kind,
    String method,
    Double statistic,
    Double threshold,
    Double psi,
    Double pValue,
    Double ks,
    Double wasserstein,
    Map<String, Double> referenceShares,
    Map<String, Double> windowShares,
    int referenceRows,
    int windowRows,
    boolean drifted) {}
