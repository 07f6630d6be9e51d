package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link TrainingActivities#evaluate}: the candidate and, when there is one, the champion,
 * both measured on the same deterministic holdout of {@code dataset}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluateRequest(
    DatasetRef dataset, ModelSpec spec, String candidateArtifact, String championArtifact) {}
