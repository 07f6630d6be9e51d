package dev.keel.ml.drift;

/**
 * The chi-square distribution's survival function, {@code P(X >= x)} for {@code X ~ chi2(df)},
 * which is the regularized upper incomplete gamma function {@code Q(df/2, x/2)}. Computed by its
 * power series below {@code a + 1} and by its continued fraction (modified Lentz) above, with a
 * Lanczos log-gamma; relative accuracy about 1e-12, enough for p-values.
 */
public final class ChiSquare {

  private static final int MAX_ITERATIONS = 10_000;
  private static final double EPS = 1e-15;
  private static final double TINY = 1e-300;
  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  private ChiSquare() {}

  /** P-value of a chi-square statistic {@code x >= 0} with {@code df >= 1} degrees of freedom. */
  public static double survival(double x, int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
    }
    if (Double.isNaN(x) || x < 0) {
      throw new IllegalArgumentException("a chi-square statistic is >= 0, got " + x);
    }
    return upperRegularizedGamma(df / 2.0, x / 2.0);
  }

  /** {@code Q(a, x) = Gamma(a, x) / Gamma(a)} for {@code a > 0}, {@code x >= 0}. */
  static double upperRegularizedGamma(double a, double x) {
    if (x == 0) {
      return 1;
    }
    if (Double.isInfinite(x)) {
      return 0;
    }
    double logPrefix = a * Math.log(x) - x - logGamma(a);
    if (x < a + 1) {
      // P(a, x) = x^a e^-x / Gamma(a) * sum_n x^n / (a (a+1) ... (a+n))
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < MAX_ITERATIONS; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * EPS) {
          break;
        }
      }
      return Math.max(0, 1 - Math.exp(logPrefix) * sum);
    }
    // Q(a, x) = x^a e^-x / Gamma(a) * 1 / (x + 1 - a - 1(1-a) / (x + 3 - a - 2(2-a) / (x + 5 - a -
    // ...)))
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return Math.exp(logPrefix) * h;
  }

  /** {@code ln Gamma(x)} for {@code x > 0} (Lanczos approximation, g = 7). */
  static double logGamma(double x) {
    if (x < 0.5) {
      // reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    }
    double z = x - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
