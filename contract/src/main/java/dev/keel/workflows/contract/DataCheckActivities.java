package dev.keel.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The check of new data against the champion's training data, run by compute workers (it reads both
 * dataset versions from the artifact store). A dataset that cannot be read fails with a
 * non-retryable {@link PipelineActivities#INVALID_INPUT} failure; problems found in readable data
 * are the result, not a failure.
 */
@ActivityInterface(namePrefix = "DataCheck")
public interface DataCheckActivities {

  @ActivityMethod
  DataCheckResult check(DataCheckRequest request);
}
