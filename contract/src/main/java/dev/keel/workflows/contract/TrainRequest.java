package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Input of {@link TrainingActivities#train}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainRequest(String runId, DatasetRef dataset, ModelSpec spec, CachePolicy cache) {

  /** Without step caching. */
  public TrainRequest(String runId, DatasetRef dataset, ModelSpec spec) {
    this(runId, dataset, spec, null);
  }
}
