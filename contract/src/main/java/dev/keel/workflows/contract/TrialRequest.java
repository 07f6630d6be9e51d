package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link TrainingActivities#trial}: train with {@code spec}'s trainer (the trial's
 * parameters already in it) on the training rows less a validation split of {@code
 * validationFraction} of them, and score on that split. The split is drawn with {@code
 * spec.seed()}, so every trial of a sweep is scored on the same rows.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrialRequest(
    String runId,
    int trial,
    DatasetRef dataset,
    ModelSpec spec,
    String metric,
    double validationFraction,
    CachePolicy cache) {

  /** Without step caching. */
  public TrialRequest(
      String runId,
      int trial,
      DatasetRef dataset,
      ModelSpec spec,
      String metric,
      double validationFraction) {
    this(runId, trial, dataset, spec, metric, validationFraction, null);
  }
}
