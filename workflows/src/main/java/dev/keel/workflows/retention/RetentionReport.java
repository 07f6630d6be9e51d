package dev.keel.workflows.retention;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What one retention sweep removed.
 *
 * @param predictionsDeleted logged predictions (and their feedback) older than the prediction
 *     retention
 * @param runArtifactsDeleted tracking runs whose artifacts were removed (ended longer ago than the
 *     run artifact retention)
 * @param at when the sweep ran (epoch milliseconds)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetentionReport(long predictionsDeleted, long runArtifactsDeleted, long at) {}
