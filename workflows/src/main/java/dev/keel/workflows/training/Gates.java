package dev.keel.workflows.training;

import dev.keel.workflows.contract.ChampionMargin;
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
    return check(spec, metrics, champion, null);
  }

  /**
   * Checks the gates, the comparison with the champion and the champion margins. {@code champion}
   * is null when the model has no champion or (then {@code championError} says why) when the
   * champion could not be scored on this data; either way the margins pass and say so.
   */
  public static List<GateResult> check(
      ModelSpec spec,
      Map<String, Double> metrics,
      Map<String, Double> champion,
      String championError) {
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
    for (ChampionMargin margin : spec.championMargins()) {
      results.add(margin(margin, metrics, champion, championError));
    }
    return results;
  }

  /** One champion margin: the candidate must beat the champion by at least the margin. */
  static GateResult margin(
      ChampionMargin margin,
      Map<String, Double> metrics,
      Map<String, Double> champion,
      String championError) {
    String metric = margin.metric();
    boolean higher = margin.greaterIsBetter();
    String op = higher ? ">=" : "<=";
    Double candidate = metrics.get(metric);
    String required = required(margin);
    if (candidate == null) {
      return new GateResult(
          metric,
          op,
          0,
          null,
          false,
          GateResult.CHAMPION_MARGIN,
          "metric '" + metric + "' was not measured; measured: " + metrics.keySet(),
          null,
          null,
          null);
    }
    Double best = champion == null ? null : champion.get(metric);
    if (best == null) {
      String why =
          champion == null
              ? championError == null
                  ? "no champion to compare with"
                  : "the champion could not be scored on this data (" + championError + ")"
              : "the champion has no " + metric;
      return new GateResult(
          metric,
          op,
          candidate,
          candidate,
          true,
          GateResult.CHAMPION_MARGIN,
          String.format(
              Locale.ROOT,
              "%s: the margin (%s) passes: candidate %s = %.4f",
              why,
              required,
              metric,
              candidate),
          null,
          null,
          null);
    }
    double needed = margin.requiredChange(best);
    double change = higher ? candidate - best : best - candidate;
    double threshold = higher ? best + needed : best - needed;
    // a tolerance of a few ulps, so that a candidate exactly at the margin is not failed by
    // rounding
    boolean passed = change >= needed - 1e-12 * Math.max(1, Math.abs(best));
    return new GateResult(
        metric,
        op,
        threshold,
        candidate,
        passed,
        GateResult.CHAMPION_MARGIN,
        String.format(
            Locale.ROOT,
            "candidate %s = %.4f vs champion's %.4f%s: an improvement of %.4f, %s the required"
                + " %.4f (%s)",
            metric,
            candidate,
            best,
            higher ? "" : " (lower is better)",
            change,
            passed ? "reaching" : "short of",
            needed,
            required),
        best,
        needed,
        change);
  }

  private static String required(ChampionMargin margin) {
    return margin.minAbsoluteChange() != null
        ? "minAbsoluteChange " + fmt(margin.minAbsoluteChange())
        : "minRelativeChange " + fmt(margin.minRelativeChange());
  }

  public static boolean allPassed(List<GateResult> results) {
    return results.stream().allMatch(GateResult::passed);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
