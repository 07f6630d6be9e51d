package dev.keel.workflows.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.contract.ParamRange;
import dev.keel.workflows.contract.SweepSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Planned sweep trials: grids in order up to the budget, random draws deterministic and within
 * their ranges.
 */
class SweepPlanTest {

  @Test
  void gridIsEveryCombinationInNameOrderUpToTheBudget() {
    SweepSpec grid =
        new SweepSpec(
            SweepSpec.GRID,
            Map.of(
                "b",
                ParamRange.choice(List.of("1", "2")),
                "a",
                ParamRange.choice(List.of("x", "y", "z"))),
            100,
            1,
            null,
            0,
            0.2);

    assertThat(SweepPlan.trials(grid))
        .containsExactly(
            Map.of("a", "x", "b", "1"),
            Map.of("a", "x", "b", "2"),
            Map.of("a", "y", "b", "1"),
            Map.of("a", "y", "b", "2"),
            Map.of("a", "z", "b", "1"),
            Map.of("a", "z", "b", "2"));
    assertThat(SweepPlan.trials(new SweepSpec(SweepSpec.GRID, grid.space(), 4, 1, null, 0, 0.2)))
        .hasSize(4);
  }

  @Test
  void randomDrawsAreDeterministicForTheSeedAndStayInTheirRanges() {
    SweepSpec random =
        new SweepSpec(
            SweepSpec.RANDOM,
            Map.of(
                "eta", ParamRange.range(0.001, 0.5, ParamRange.LOG, ParamRange.FLOAT),
                "trees", ParamRange.range(10, 300, ParamRange.LOG, ParamRange.INT),
                "maxDepth", ParamRange.range(2, 8, ParamRange.LINEAR, ParamRange.INT),
                "subsample", ParamRange.choice(List.of("0.5", "0.8", "1"))),
            200,
            4,
            null,
            5,
            0.2);

    List<Map<String, String>> trials = SweepPlan.trials(random);
    assertThat(trials).hasSize(200).isEqualTo(SweepPlan.trials(random));
    assertThat(
            SweepPlan.trials(new SweepSpec(SweepSpec.RANDOM, random.space(), 200, 4, null, 6, 0.2)))
        .isNotEqualTo(trials);
    assertThat(trials)
        .allSatisfy(
            t -> {
              assertThat(Double.parseDouble(t.get("eta"))).isBetween(0.001, 0.5);
              assertThat(Integer.parseInt(t.get("trees"))).isBetween(10, 300);
              assertThat(Integer.parseInt(t.get("maxDepth"))).isBetween(2, 8);
              assertThat(t.get("subsample")).isIn("0.5", "0.8", "1");
            });
    // every value of a small integer range and every choice is reached
    assertThat(trials.stream().map(t -> t.get("maxDepth")).distinct().count()).isEqualTo(7);
    assertThat(trials.stream().map(t -> t.get("subsample")).distinct().count()).isEqualTo(3);
    // log scale: about as many draws below 0.016 (the geometric middle) as above it
    long small = trials.stream().filter(t -> Double.parseDouble(t.get("eta")) < 0.0158).count();
    assertThat(small).isBetween(70L, 130L);
  }
}
