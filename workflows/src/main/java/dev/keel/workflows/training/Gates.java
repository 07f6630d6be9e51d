package dev.keel.workflows.training;

import dev.keel.workflows.contract.Comparison;
import dev.keel.workflows.contract.Gate;
import dev.keel.workflows.contract.GateResult;
import dev.keel.workflows.contract.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a candidate's metrics against its model's gates and against the champion. Pure and
 * deterministic.
 */
public final class Gates {

  private Gates() {}

  public static List<GateResult> check(
      ModelSpec spec, Map<String, Double> metrics, Map<String, Double> champion) {
    List<GateResult> results = new ArrayList<>();
    for (Gate gate : spec.gates()) {
      Double actual = metrics.get(gate.metric());
      Comparison op = Comparison.of(gate.op());
      if (actual == null) {
        results.add(
            new GateResult(
                gate.metric(),
                gate.op(),
                gate.value(),
                null,
                false,
                "gate",
                "metric '" + gate.metric() + "' was not measured; measured: " + metrics.keySet()));
        continue;
      }
      boolean passed = op.test(actual, gate.value());
      results.add(
          new GateResult(
              gate.metric(),
              gate.op(),
              gate.value(),
              actual,
              passed,
              "gate",
              String.format(
                  Locale.ROOT,
                  "%s = %.4f %s %s %s",
                  gate.metric(),
                  actual,
                  passed ? "satisfies" : "does not satisfy",
                  gate.op(),
                  fmt(gate.value()))));
    }
    if (spec.compareWithChampion() && champion != null) {
      String metric = spec.primaryMetric();
      Double candidate = metrics.get(metric);
      Double best = champion.get(metric);
      if (candidate != null && best != null) {
        boolean higher = ModelSpec.higherIsBetter(metric);
        boolean passed = higher ? candidate >= best : candidate <= best;
        String op = higher ? ">=" : "<=";
        results.add(
            new GateResult(
                metric,
                op,
                best,
                candidate,
                passed,
                "champion",
                String.format(
                    Locale.ROOT,
                    "candidate %s = %.4f %s champion's %.4f on the same holdout",
                    metric,
                    candidate,
                    passed
                        ? (higher ? "is at least" : "is at most")
                        : (higher ? "is below" : "is above"),
                    best)));
      }
    }
    return results;
  }

  public static boolean allPassed(List<GateResult> results) {
    return results.stream().allMatch(GateResult::passed);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
