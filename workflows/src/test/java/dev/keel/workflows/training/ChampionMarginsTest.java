package dev.keel.workflows.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.contract.ChampionMargin;
import dev.keel.workflows.contract.GateResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.TrainerSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Champion margins as {@link Gates} checks them: direction, absolute and relative margins. */
class ChampionMarginsTest {

  static ModelSpec spec(String task, ChampionMargin... margins) {
    return ModelSpecs.wineQuality(new TrainerSpec("logistic", Map.of()))
        .task(task)
        .compareWithChampion(false)
        .build()
        .withChampionMargins(List.of(margins));
  }

  static GateResult only(List<GateResult> results) {
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  @Test
  void anAbsoluteMarginOnAHigherIsBetterMetricNeedsTheCandidateThatMuchAbove() {
    ModelSpec spec = spec(ModelSpec.CLASSIFICATION, new ChampionMargin("rocAuc", 0.01, null));

    GateResult shortOf =
        only(Gates.check(spec, Map.of("rocAuc", 0.805), Map.of("rocAuc", 0.80), null));
    assertThat(shortOf.passed()).isFalse();
    assertThat(shortOf.source()).isEqualTo("championMargin");
    assertThat(shortOf.champion()).isEqualTo(0.80);
    assertThat(shortOf.actual()).isEqualTo(0.805);
    assertThat(shortOf.requiredChange()).isEqualTo(0.01);
    assertThat(shortOf.change()).isCloseTo(0.005, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(shortOf.op()).isEqualTo(">=");
    assertThat(shortOf.value()).isCloseTo(0.81, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(shortOf.reason())
        .isEqualTo(
            "candidate rocAuc = 0.8050 vs champion's 0.8000: an improvement of 0.0050, short of"
                + " the required 0.0100 (minAbsoluteChange 0.01)");

    assertThat(only(Gates.check(spec, Map.of("rocAuc", 0.81), Map.of("rocAuc", 0.80))).passed())
        .as("exactly at the margin")
        .isTrue();
    assertThat(only(Gates.check(spec, Map.of("rocAuc", 0.79), Map.of("rocAuc", 0.80))).passed())
        .isFalse();
  }

  @Test
  void aRelativeMarginOnALowerIsBetterMetricNeedsTheCandidateThatShareBelow() {
    ModelSpec spec = spec(ModelSpec.REGRESSION, new ChampionMargin("rmse", null, 0.05));

    GateResult passed = only(Gates.check(spec, Map.of("rmse", 0.60), Map.of("rmse", 0.65), null));
    assertThat(passed.passed()).isTrue();
    assertThat(passed.op()).isEqualTo("<=");
    assertThat(passed.requiredChange())
        .isCloseTo(0.0325, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(passed.value()).isCloseTo(0.6175, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(passed.reason())
        .contains("(lower is better)")
        .contains(
            "an improvement of 0.0500, reaching the required 0.0325 (minRelativeChange 0.05)");

    GateResult failed = only(Gates.check(spec, Map.of("rmse", 0.63), Map.of("rmse", 0.65), null));
    assertThat(failed.passed()).isFalse();
    assertThat(failed.reason()).contains("short of the required 0.0325");
    assertThat(only(Gates.check(spec, Map.of("rmse", 0.70), Map.of("rmse", 0.65))).passed())
        .as("worse than the champion")
        .isFalse();
  }

  @Test
  void withoutAChampionTheMarginPassesAndSaysSo() {
    ModelSpec spec = spec(ModelSpec.CLASSIFICATION, new ChampionMargin("accuracy", 0.02, null));

    GateResult none = only(Gates.check(spec, Map.of("accuracy", 0.74), null, null));
    assertThat(none.passed()).isTrue();
    assertThat(none.champion()).isNull();
    assertThat(none.reason())
        .isEqualTo(
            "no champion to compare with: the margin (minAbsoluteChange 0.02) passes: candidate"
                + " accuracy = 0.7400");

    GateResult unscored =
        only(Gates.check(spec, Map.of("accuracy", 0.74), null, "column 'colour' is missing"));
    assertThat(unscored.passed()).isTrue();
    assertThat(unscored.reason())
        .startsWith("the champion could not be scored on this data (column 'colour' is missing)");
  }

  @Test
  void aMetricTheCandidateLacksFailsTheMargin() {
    ModelSpec spec = spec(ModelSpec.CLASSIFICATION, new ChampionMargin("rocAuc", 0.0, null));

    GateResult missing =
        only(Gates.check(spec, Map.of("accuracy", 0.7), Map.of("accuracy", 0.7), null));
    assertThat(missing.passed()).isFalse();
    assertThat(missing.reason()).startsWith("metric 'rocAuc' was not measured");
  }

  @Test
  void marginsComeAfterTheGatesAndTheChampionComparison() {
    ModelSpec spec =
        ModelSpecs.wineQuality(new TrainerSpec("logistic", Map.of()))
            .gates(List.of(new dev.keel.workflows.contract.Gate("accuracy", ">=", 0.7)))
            .build()
            .withChampionMargins(List.of(new ChampionMargin("accuracy", 0.01, null)));

    List<GateResult> results =
        Gates.check(spec, Map.of("accuracy", 0.75), Map.of("accuracy", 0.745), null);

    assertThat(results)
        .extracting(GateResult::source)
        .containsExactly("gate", "champion", "championMargin");
    assertThat(results).extracting(GateResult::passed).containsExactly(true, true, false);
  }
}
