package dev.keel.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Dataset work of a pipeline, run by compute workers. Failures that retrying cannot fix (a missing
 * column, an empty file, content that no longer matches its hash) are non-retryable application
 * failures whose message names the column and, where it applies, the row.
 */
@ActivityInterface(namePrefix = "Dataset")
public interface DatasetActivities {

  /** Loads a registered dataset version from the artifact store and verifies its content hash. */
  @ActivityMethod
  IngestResult ingest(IngestRequest request);

  /** Checks the dataset against the model's expected schema, target and task. */
  @ActivityMethod
  ValidationResult validate(ValidateRequest request);
}
