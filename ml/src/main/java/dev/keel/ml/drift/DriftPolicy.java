package dev.keel.ml.drift;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * When a window of live inputs counts as drifted from the training data.
 *
 * <p>A feature drifts when its PSI reaches {@code psiThreshold}, when (categorical features only)
 * the chi-square test of the window's category counts against the baseline's has a p-value below
 * {@code pValueThreshold}, or when its share of missing values rose by at least {@code
 * missingShareIncrease}. The window drifts when at least {@code minFeatures} features drift. A
 * window with fewer than {@code minWindow} rows is never drifted: its figures are reported, but it
 * is "insufficient data".
 *
 * <p>On large windows the chi-square test finds even small real shifts significant; set {@code
 * pValueThreshold} to 0 to judge categorical features by PSI alone.
 *
 * @param psiThreshold PSI at or above which a feature drifts; 0.1 is commonly read as "moderate",
 *     0.2 as "major"
 * @param minFeatures drifted features needed for the window to drift, at least 1
 * @param pValueThreshold chi-square p-value below which a categorical feature drifts
 * @param minWindow rows needed before a window is judged at all
 * @param missingShareIncrease rise of the missing share (window minus baseline, 0..1) at which a
 *     feature drifts
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DriftPolicy(
    double psiThreshold,
    int minFeatures,
    double pValueThreshold,
    int minWindow,
    double missingShareIncrease) {

  public static final double DEFAULT_PSI_THRESHOLD = 0.2;
  public static final int DEFAULT_MIN_FEATURES = 1;
  public static final double DEFAULT_P_VALUE_THRESHOLD = 0.01;
  public static final int DEFAULT_MIN_WINDOW = 100;
  public static final double DEFAULT_MISSING_SHARE_INCREASE = 0.1;

  public DriftPolicy {
    if (!(psiThreshold > 0)) {
      throw new IllegalArgumentException("psiThreshold must be > 0, got " + psiThreshold);
    }
    if (minFeatures < 1) {
      throw new IllegalArgumentException("minFeatures must be >= 1, got " + minFeatures);
    }
    if (!(pValueThreshold >= 0 && pValueThreshold <= 1)) {
      throw new IllegalArgumentException(
          "pValueThreshold must be in [0, 1], got " + pValueThreshold);
    }
    if (minWindow < 1) {
      throw new IllegalArgumentException("minWindow must be >= 1, got " + minWindow);
    }
    if (!(missingShareIncrease > 0)) {
      throw new IllegalArgumentException(
          "missingShareIncrease must be > 0, got " + missingShareIncrease);
    }
  }

  /** PSI 0.2, one feature, p 0.01, 100 rows, missing share +0.1. */
  public static DriftPolicy defaults() {
    return new DriftPolicy(
        DEFAULT_PSI_THRESHOLD,
        DEFAULT_MIN_FEATURES,
        DEFAULT_P_VALUE_THRESHOLD,
        DEFAULT_MIN_WINDOW,
        DEFAULT_MISSING_SHARE_INCREASE);
  }
}
