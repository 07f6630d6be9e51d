package dev.keel.workflows.retention;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link RetentionWorkflow}, carried across continue-as-new.
 *
 * @param intervalMinutes time between sweeps
 * @param sweepsBeforeContinueAsNew how many sweeps one execution makes before continuing as new
 *     (bounded history)
 * @param last the latest sweep's report, or null before the first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetentionState(
    int intervalMinutes, int sweepsBeforeContinueAsNew, RetentionReport last) {}
