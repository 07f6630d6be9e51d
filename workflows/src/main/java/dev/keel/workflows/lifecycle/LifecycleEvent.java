package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One entry of a model's lifecycle timeline (workflow time, epoch milliseconds). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LifecycleEvent(long at, String kind, String message, String runId) {}
