package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a pipeline run returns to whoever awaits its workflow: the recorded outcome and the
 * registered version.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineResult(RunOutcome outcome, RegisteredVersion version) {}
