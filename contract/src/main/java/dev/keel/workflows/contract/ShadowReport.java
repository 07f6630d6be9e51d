package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Locale;

/**
 * What a shadow version did beside the champion: paired predictions, how many agreed, both p95
 * scoring latencies, and, among the paired predictions with feedback, how many the shadow got
 * right.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShadowReport(
    long paired,
    long agreed,
    double championP95Millis,
    double shadowP95Millis,
    long labelled,
    long correct) {

  public double agreement() {
    return paired == 0 ? 0 : (double) agreed / paired;
  }

  public double latencyRatio() {
    return championP95Millis <= 0 ? 1 : shadowP95Millis / championP95Millis;
  }

  public double accuracy() {
    return labelled == 0 ? 0 : (double) correct / labelled;
  }

  /** Whether there are enough paired predictions to judge under {@code policy}. */
  public boolean enough(ShadowPolicy policy) {
    return paired >= policy.minPredictions();
  }

  /** The figures, for the shadow stage's detail. */
  public String detail() {
    String text =
        String.format(
            Locale.ROOT,
            "agreement %.3f over %d paired predictions; p95 latency ratio %.2f (%.2f ms vs %.2f ms)",
            agreement(),
            paired,
            latencyRatio(),
            shadowP95Millis,
            championP95Millis);
    return labelled == 0
        ? text
        : text
            + String.format(
                Locale.ROOT, "; accuracy %.3f on %d labelled predictions", accuracy(), labelled);
  }

  /** Why the shadow fails {@code policy}, or null when it passes. */
  public String problem(ShadowPolicy policy, long waitedSeconds) {
    if (!enough(policy)) {
      return String.format(
          Locale.ROOT,
          "only %d paired predictions in %d s of shadow traffic; at least %d are needed",
          paired,
          waitedSeconds,
          policy.minPredictions());
    }
    if (agreement() < policy.minAgreement()) {
      return String.format(
          Locale.ROOT,
          "agreement %.3f with the champion is below %.3f (%d of %d paired predictions)",
          agreement(),
          policy.minAgreement(),
          agreed,
          paired);
    }
    if (championP95Millis > 0 && shadowP95Millis > policy.maxLatencyRatio() * championP95Millis) {
      return String.format(
          Locale.ROOT,
          "shadow p95 latency %.2f ms is above %.1f x the champion's %.2f ms",
          shadowP95Millis,
          policy.maxLatencyRatio(),
          championP95Millis);
    }
    if (policy.minAccuracy() != null && labelled > 0 && accuracy() < policy.minAccuracy()) {
      return String.format(
          Locale.ROOT,
          "shadow accuracy %.3f is below %.3f (%d of %d labelled predictions)",
          accuracy(),
          policy.minAccuracy(),
          correct,
          labelled);
    }
    return null;
  }
}
