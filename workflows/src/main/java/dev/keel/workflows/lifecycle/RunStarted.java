package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What {@link ModelLifecycle#startRun} did: the run's id (also its pipeline's workflow id), and
 * whether this request started it ({@code false}: a concurrent request with the same key had
 * started it).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunStarted(String runId, boolean created) {}
