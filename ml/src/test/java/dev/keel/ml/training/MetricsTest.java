package dev.keel.ml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

  // actual:    a a a b b c
  // predicted: a a b b c c
  private final List<String> actual = List.of("a", "a", "a", "b", "b", "c");
  private final List<String> predicted = List.of("a", "a", "b", "b", "c", "c");

  @Test
  void accuracyCountsExactMatches() {
    assertThat(Metrics.accuracy(actual, predicted)).isCloseTo(4.0 / 6, within(1e-12));
  }

  @Test
  void macroF1AveragesPerClassF1() {
    // a: tp2 fp0 fn1 -> 4/5; b: tp1 fp1 fn1 -> 2/4; c: tp1 fp1 fn0 -> 2/3
    double expected = (0.8 + 0.5 + 2.0 / 3) / 3;
    assertThat(Metrics.macroF1(actual, predicted)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void logLossUsesTheActualClassProbabilityAndClipsZero() {
    List<String> y = List.of("1", "0", "1");
    List<Map<String, Double>> p =
        List.of(Map.of("1", 0.8, "0", 0.2), Map.of("1", 0.4, "0", 0.6), Map.of("1", 0.0, "0", 1.0));
    double expected = -(Math.log(0.8) + Math.log(0.6) + Math.log(1e-15)) / 3;
    assertThat(Metrics.logLoss(y, p)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void rocAucIsTheShareOfCorrectlyOrderedPairsWithTiesHalf() {
    boolean[] positive = {true, false, true, false, true};
    double[] score = {0.9, 0.8, 0.4, 0.4, 0.7};
    // pairs (pos, neg): (0.9,0.8)=1 (0.9,0.4)=1 (0.4,0.8)=0 (0.4,0.4)=0.5 (0.7,0.8)=0 (0.7,0.4)=1
    // -> 3.5/6
    assertThat(Metrics.rocAuc(positive, score)).isCloseTo(3.5 / 6, within(1e-12));
    assertThat(Metrics.rocAuc(new boolean[] {true, true}, new double[] {0.1, 0.2})).isNaN();
  }

  @Test
  void regressionMetricsMatchHandComputedValues() {
    double[] y = {3, -0.5, 2, 7};
    double[] f = {2.5, 0.0, 2, 8};
    // errors 0.5, -0.5, 0, -1: squares 0.25 0.25 0 1 -> mse 0.375
    assertThat(Metrics.rmse(y, f)).isCloseTo(Math.sqrt(0.375), within(1e-12));
    assertThat(Metrics.mae(y, f)).isCloseTo(0.5, within(1e-12));
    // mean 2.875; SStot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SSres = 1.5
    assertThat(Metrics.r2(y, f)).isCloseTo(1 - 1.5 / 29.1875, within(1e-12));
  }
}
