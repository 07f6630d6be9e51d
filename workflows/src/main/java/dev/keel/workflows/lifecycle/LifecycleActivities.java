package dev.keel.workflows.lifecycle;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The store side of a model's lifecycle, run by the engine's control worker. */
@ActivityInterface(namePrefix = "Lifecycle")
public interface LifecycleActivities {

  /**
   * Records a new run for {@code model} in Keel's run index (the dataset of the trigger, or the newest version of the
   * champion's dataset) and returns everything needed to start its pipeline. Idempotent by {@code runKey}.
   */
  @ActivityMethod
  PreparedRun prepareRun(String model, Trigger trigger, String runKey);

  /** Appends to the model's timeline, shown by {@code GET /v1/models/{name}}. */
  @ActivityMethod
  void recordEvent(String model, LifecycleEvent event);

  /** Serves the previous (or the given) version again and records the rollback. */
  @ActivityMethod
  RollbackResult rollback(String model, RollbackRequest request);
}
