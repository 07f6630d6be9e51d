package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link DatasetActivities#validate}: a dataset version and the model definition it must
 * fit.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValidateRequest(DatasetRef dataset, ModelSpec spec, CachePolicy cache) {

  /** Without step caching. */
  public ValidateRequest(DatasetRef dataset, ModelSpec spec) {
    this(dataset, spec, null);
  }
}
