package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How long an activity's own work took and which attempt produced the result. The pipeline
 * subtracts {@code elapsedMillis} from a stage's wall time to know what orchestration cost.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActivityStats(long elapsedMillis, int attempt) {}
