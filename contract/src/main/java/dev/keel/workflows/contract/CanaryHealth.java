package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Serving health of champion and canary over the canary window, from the serving layer's own
 * records.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CanaryHealth(
    long championRequests,
    long championErrors,
    double championP95Millis,
    long canaryRequests,
    long canaryErrors,
    double canaryP95Millis) {

  public double canaryErrorRate() {
    return canaryRequests == 0 ? 0 : (double) canaryErrors / canaryRequests;
  }

  /** Why the canary is unhealthy under {@code policy}, or null when it is healthy. */
  public String problem(CanaryPolicy policy) {
    if (canaryErrorRate() > policy.maxErrorRate()) {
      return String.format(
          java.util.Locale.ROOT,
          "canary error rate %.3f is above %.3f (%d of %d requests)",
          canaryErrorRate(),
          policy.maxErrorRate(),
          canaryErrors,
          canaryRequests);
    }
    if (championP95Millis > 0 && canaryP95Millis > policy.maxLatencyRatio() * championP95Millis) {
      return String.format(
          java.util.Locale.ROOT,
          "canary p95 latency %.1f ms is above %.1f x the champion's %.1f ms",
          canaryP95Millis,
          policy.maxLatencyRatio(),
          championP95Millis);
    }
    return null;
  }
}
