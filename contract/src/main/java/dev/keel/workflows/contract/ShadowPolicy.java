package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A shadow release: for {@code windowSeconds} the candidate also scores {@code share} of the
 * requests the champion answers, off the request path and never returned. It passes when it agrees
 * with the champion on at least {@code minAgreement} of at least {@code minPredictions} paired
 * predictions, its p95 scoring latency is at most {@code maxLatencyRatio} times the champion's and,
 * when {@code minAccuracy} is set and feedback labels exist for the paired predictions, its
 * accuracy on them is at least {@code minAccuracy}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShadowPolicy(
    double share,
    long windowSeconds,
    double minAgreement,
    double maxLatencyRatio,
    long minPredictions,
    Double minAccuracy) {

  /** Windows a shadow with too few paired predictions waits in all before it fails. */
  public static final int MAX_WINDOWS = 3;
}
