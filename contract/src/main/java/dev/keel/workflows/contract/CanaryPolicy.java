package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A canary release: {@code share} of requests go to the candidate for {@code windowSeconds}; it is
 * promoted when its error rate stays at most {@code maxErrorRate} and its p95 latency at most
 * {@code maxLatencyRatio} times the champion's, and rolled back otherwise.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CanaryPolicy(
    double share, long windowSeconds, double maxErrorRate, double maxLatencyRatio) {}
