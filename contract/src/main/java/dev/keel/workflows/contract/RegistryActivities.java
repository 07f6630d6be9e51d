package dev.keel.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Writes to Keel's store, run by the engine's control worker (the only process with database
 * credentials).
 */
@ActivityInterface(namePrefix = "Registry")
public interface RegistryActivities {

  /**
   * Records a run's outcome and, when it carries a registration, registers the model version, both
   * in one transaction. Idempotent by run id: a retry returns the version the first attempt
   * registered.
   */
  @ActivityMethod
  RegisteredVersion recordOutcome(RunOutcome outcome);

  /**
   * Registers the model version of a run that goes on (to approval and deployment) without ending
   * the run. Idempotent by run id. {@code interim.status()} is ignored; the run stays {@code
   * RUNNING}.
   */
  @ActivityMethod
  RegisteredVersion registerVersion(RunOutcome interim);

  /**
   * Marks a run that starts to wait for a person's approval decision {@code AWAITING_APPROVAL}, at
   * stage {@code approve}, until {@link #recordApproval} records the decision. Idempotent; changes
   * nothing once the run has a recorded decision or has ended.
   */
  @ActivityMethod
  void awaitApproval(ApprovalWait wait);

  /**
   * Records an approval decision on the run and its version (status {@code APPROVED} or {@code
   * REJECTED}); a run {@code AWAITING_APPROVAL} is {@code RUNNING} again (it goes on to deploy or
   * to its end). Idempotent by run id.
   */
  @ActivityMethod
  void recordApproval(ApprovalDecision decision);
}
