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
 * @param numericMethod how a numeric feature (and a regression model's output) is judged when the
 *     baseline has a reference sample: {@code psi}, {@code ks} (two-sample Kolmogorov-Smirnov
 *     p-value below {@code ksPValue}), {@code wasserstein} (Wasserstein distance divided by the
 *     reference's standard deviation at or above {@code wassersteinThreshold}) or {@code auto} (as
 *     Evidently's defaults: KS when the reference has at most {@link #AUTO_KS_MAX_REFERENCE} values
 *     of the feature, Wasserstein above). Without a sample it is PSI.
 * @param ksPValue KS p-value below which a numeric feature drifts
 * @param wassersteinThreshold normalised Wasserstein distance at or above which a numeric feature
 *     drifts
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DriftPolicy(
    double psiThreshold,
    int minFeatures,
    double pValueThreshold,
    int minWindow,
    double missingShareIncrease,
    String numericMethod,
    double ksPValue,
    double wassersteinThreshold) {

  public static final String AUTO = "auto";
  public static final String PSI = "psi";
  public static final String KS = "ks";
  public static final String WASSERSTEIN = "wasserstein";

  /** The numeric methods a policy may name. */
  public static final java.util.List<String> NUMERIC_METHODS =
      java.util.List.of(AUTO, PSI, KS, WASSERSTEIN);

  /** Reference values up to which {@code auto} uses KS (Evidently: 1000). */
  public static final int AUTO_KS_MAX_REFERENCE = 1000;

  public static final double DEFAULT_KS_P_VALUE = 0.05;
  public static final double DEFAULT_WASSERSTEIN_THRESHOLD = 0.1;

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
    numericMethod = numericMethod == null ? AUTO : numericMethod;
    if (!NUMERIC_METHODS.contains(numericMethod)) {
      throw new IllegalArgumentException(
          "numericMethod must be one of " + NUMERIC_METHODS + ", got " + numericMethod);
    }
    if (!(ksPValue >= 0 && ksPValue <= 1)) {
      throw new IllegalArgumentException("ksPValue must be in [0, 1], got " + ksPValue);
    }
    if (!(wassersteinThreshold > 0)) {
      throw new IllegalArgumentException(
          "wassersteinThreshold must be > 0, got " + wassersteinThreshold);
    }
  }

  /** A policy with the default numeric method ({@code auto}) and thresholds. */
  public DriftPolicy(
      double psiThreshold,
      int minFeatures,
      double pValueThreshold,
      int minWindow,
      double missingShareIncrease) {
    this(
        psiThreshold,
        minFeatures,
        pValueThreshold,
        minWindow,
        missingShareIncrease,
        AUTO,
        DEFAULT_KS_P_VALUE,
        DEFAULT_WASSERSTEIN_THRESHOLD);
  }

  /**
   * The numeric method for a feature whose reference sample holds {@code referenceValues} values.
   */
  public String numericMethodFor(int referenceValues) {
    if (!AUTO.equals(numericMethod)) {
      return numericMethod;
    }
    return referenceValues <= AUTO_KS_MAX_REFERENCE ? KS : WASSERSTEIN;
  }

  /**
   * PSI 0.2, one feature, p 0.01, 100 rows, missing share +0.1, auto: KS p 0.05, Wasserstein 0.1.
   */
  public static DriftPolicy defaults() {
    return new DriftPolicy(
        DEFAULT_PSI_THRESHOLD,
        DEFAULT_MIN_FEATURES,
        DEFAULT_P_VALUE_THRESHOLD,
        DEFAULT_MIN_WINDOW,
        DEFAULT_MISSING_SHARE_INCREASE);
  }
}
