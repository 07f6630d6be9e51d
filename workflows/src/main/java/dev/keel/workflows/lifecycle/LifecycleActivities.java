package dev.keel.workflows.lifecycle;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The store side of a model's lifecycle, run by the engine's control worker. */
@ActivityInterface(namePrefix = "Lifecycle")
public interface LifecycleActivities {

  /**
   * Records a new run for {@code model} in Keel's run index (the dataset of the trigger, or the
   * newest version of the champion's dataset) and returns everything needed to start its pipeline.
   * Idempotent by {@code runKey}.
   */
  @ActivityMethod
  PreparedRun prepareRun(String model, Trigger trigger, String runKey);

  /** Appends to the model's timeline, shown by {@code GET /v1/models/{name}}. */
  @ActivityMethod
  void recordEvent(String model, LifecycleEvent event);

  /**
   * Which version a rollback would serve (the previous one, or the one requested), without changing
   * anything: fixing the target first makes the rollback itself idempotent under retries. Fails
   * (non-retryable) when nothing is deployed or there is no earlier version.
   */
  @ActivityMethod
  RollbackResult planRollback(String model, RollbackRequest request);

  /** Serves {@code plan.to()} again and records the rollback with who asked and why. */
  @ActivityMethod
  RollbackResult rollback(String model, RollbackResult plan, RollbackRequest request);
}
