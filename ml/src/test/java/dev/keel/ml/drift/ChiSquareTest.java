package dev.keel.ml.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareTest {

  @Test
  void matchesTheCriticalValuesOfChiSquareTables() {
    // 95th and 99th percentiles from standard tables (rounded there to 3 decimals)
    assertThat(ChiSquare.survival(3.841, 1)).isCloseTo(0.05, within(1e-4));
    assertThat(ChiSquare.survival(3.84, 1)).isCloseTo(0.05004, within(1e-5));
    assertThat(ChiSquare.survival(11.07, 5)).isCloseTo(0.05, within(1e-4));
    assertThat(ChiSquare.survival(6.635, 1)).isCloseTo(0.01, within(1e-4));
    assertThat(ChiSquare.survival(23.209, 10)).isCloseTo(0.01, within(1e-4));
    assertThat(ChiSquare.survival(124.342, 100)).isCloseTo(0.05, within(1e-4));
  }

  @Test
  void matchesClosedForms() {
    // df = 2: P(X >= x) = exp(-x / 2); df = 1: erfc(sqrt(x / 2)), erfc(1) = 0.157299207050285
    for (double x : new double[] {0.001, 0.5, 2, 7.3, 40, 200}) {
      assertThat(ChiSquare.survival(x, 2)).as("x=%s", x).isCloseTo(Math.exp(-x / 2), within(1e-12));
    }
    assertThat(ChiSquare.survival(2, 1)).isCloseTo(0.157299207050285, within(1e-12));
    // df = 4: exp(-x/2) (1 + x/2)
    assertThat(ChiSquare.survival(9, 4)).isCloseTo(Math.exp(-4.5) * 5.5, within(1e-12));
  }

  @Test
  void edgeValues() {
    assertThat(ChiSquare.survival(0, 3)).isEqualTo(1.0);
    assertThat(ChiSquare.survival(1e6, 3)).isZero();
    assertThat(ChiSquare.survival(Double.POSITIVE_INFINITY, 1)).isZero();
    assertThat(ChiSquare.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
    assertThat(ChiSquare.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
    assertThatThrownBy(() -> ChiSquare.survival(-1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChiSquare.survival(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("degrees of freedom");
  }
}
