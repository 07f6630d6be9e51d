package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Input of {@link TrainingActivities#train}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainRequest(String runId, DatasetRef dataset, ModelSpec spec) {}
