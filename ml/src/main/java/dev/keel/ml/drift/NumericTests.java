package dev.keel.ml.drift;

import java.util.Arrays;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Two-sample comparisons of numeric values: the Kolmogorov-Smirnov test (commons-math) and the
 * Wasserstein-1 distance normalised as Evidently does, by the reference's standard deviation.
 */
public final class NumericTests {

  /** Seed of the jitter commons-math adds to break ties in small samples: same data, same p. */
  static final int TIE_SEED = 20_240_613;

  private NumericTests() {}

  /** KS statistic D and p-value, Wasserstein-1 and its normalised form of two samples. */
  public record Result(double ks, double pValue, double wasserstein, double normalised) {}

  /** Compares {@code window} with {@code reference}; both non-empty, neither modified. */
  public static Result compare(double[] reference, double[] window) {
    if (reference.length == 0 || window.length == 0) {
      throw new IllegalArgumentException("both samples need at least one value");
    }
    double[] a = reference.clone();
    double[] b = window.clone();
    Arrays.sort(a);
    Arrays.sort(b);
    KolmogorovSmirnovTest test = new KolmogorovSmirnovTest(new Well19937c(TIE_SEED));
    double d = test.kolmogorovSmirnovStatistic(a, b);
    double p = a.length < 2 || b.length < 2 ? 1.0 : test.kolmogorovSmirnovTest(a, b);
    double w = wassersteinSorted(a, b);
    double std = std(a);
    return new Result(d, p, w, std > 0 ? w / std : w);
  }

  /** The Wasserstein-1 (earth mover's) distance of two samples' empirical distributions. */
  public static double wasserstein(double[] x, double[] y) {
    double[] a = x.clone();
    double[] b = y.clone();
    Arrays.sort(a);
    Arrays.sort(b);
    return wassersteinSorted(a, b);
  }

  /** {@code integral |F_a(t) - F_b(t)| dt}, walking both sorted samples once. */
  static double wassersteinSorted(double[] a, double[] b) {
    int n = a.length;
    int m = b.length;
    int i = 0;
    int j = 0;
    double prev = Math.min(a[0], b[0]);
    double sum = 0;
    while (i < n || j < m) {
      double x = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j];
      sum += Math.abs((double) i / n - (double) j / m) * (x - prev);
      prev = x;
      while (i < n && a[i] == x) {
        i++;
      }
      while (j < m && b[j] == x) {
        j++;
      }
    }
    return sum;
  }

  /** Population standard deviation (as numpy's default), the normaliser Evidently uses. */
  static double std(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    double squares = 0;
    for (double x : v) {
      squares += (x - mean) * (x - mean);
    }
    return Math.sqrt(squares / v.length);
  }
}
