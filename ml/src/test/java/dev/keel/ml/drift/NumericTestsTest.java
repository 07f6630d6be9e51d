package dev.keel.ml.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.ml.distance.EarthMoversDistance;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** KS and Wasserstein on samples drawn from commons-math distributions with fixed seeds. */
class NumericTestsTest {

  private static double[] normal(double mean, double sd, int n, int seed) {
    return new NormalDistribution(new Well19937c(seed), mean, sd).sample(n);
  }

  private static double[] poisson(double mean, int n, int seed) {
    int[] drawn =
        new PoissonDistribution(
                new Well19937c(seed),
                mean,
                PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS)
            .sample(n);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = drawn[i];
    }
    return out;
  }

  @Test
  void ksMatchesCommonsMathAndSeparatesShiftedFromSameDistribution() {
    double[] reference = normal(0, 1, 800, 1);
    double[] same = normal(0, 1, 300, 2);
    double[] shifted = normal(0.5, 1, 300, 3);

    NumericTests.Result calm = NumericTests.compare(reference, same);
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    assertThat(calm.ks()).isCloseTo(ks.kolmogorovSmirnovStatistic(reference, same), within(1e-12));
    assertThat(calm.pValue()).isCloseTo(ks.kolmogorovSmirnovTest(reference, same), within(1e-12));
    assertThat(calm.pValue()).isGreaterThan(0.05);

    NumericTests.Result moved = NumericTests.compare(reference, shifted);
    assertThat(moved.pValue())
        .isCloseTo(ks.kolmogorovSmirnovTest(reference, shifted), within(1e-12))
        .isLessThan(1e-6);
  }

  @Test
  void wassersteinOfIntegerSamplesEqualsEarthMoversDistanceOfTheirHistograms() {
    double[] a = poisson(4, 1000, 4);
    double[] b = poisson(6, 700, 5);
    int top = 40;
    double[] ha = new double[top];
    double[] hb = new double[top];
    for (double v : a) {
      ha[(int) v] += 1.0 / a.length;
    }
    for (double v : b) {
      hb[(int) v] += 1.0 / b.length;
    }
    // unit-width bins on the integers: the histogram EMD is the distributions' Wasserstein-1
    double emd = new EarthMoversDistance().compute(ha, hb);
    assertThat(NumericTests.wasserstein(a, b)).isCloseTo(emd, within(1e-9));
    assertThat(NumericTests.wasserstein(a, a)).isZero();
  }

  @Test
  void normalisedWassersteinIsTheShiftInReferenceStandardDeviations() {
    double[] reference = normal(10, 2, 5000, 6);
    double[] shifted = normal(11, 2, 5000, 7);
    NumericTests.Result r = NumericTests.compare(reference, shifted);
    // W1 between N(10, 2) and N(11, 2) is 1; divided by the reference sd (2) it is 0.5
    assertThat(r.wasserstein()).isCloseTo(1.0, within(0.08));
    assertThat(r.normalised()).isCloseTo(0.5, within(0.04));
    NumericTests.Result same = NumericTests.compare(reference, normal(10, 2, 5000, 8));
    assertThat(same.normalised()).isLessThan(0.05);
  }

  @Test
  void tiesInSmallSamplesGiveTheSamePValueEveryTime() {
    double[] a = poisson(3, 60, 9);
    double[] b = poisson(3, 50, 10);
    double first = NumericTests.compare(a, b).pValue();
    assertThat(NumericTests.compare(a, b).pValue()).isEqualTo(first);
    assertThat(first).isBetween(0.0, 1.0);
  }
}
