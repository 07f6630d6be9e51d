package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link DataCheckActivities#check}: the new dataset version, the champion's training data
 * it is compared with, the model (whose features are checked) and the policy.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataCheckRequest(
    DatasetRef dataset, DatasetRef baseline, ModelSpec spec, DataValidationPolicy policy) {}
