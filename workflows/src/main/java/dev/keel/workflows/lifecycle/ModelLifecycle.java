package dev.keel.workflows.lifecycle;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-lived workflow per registered model (id {@code lifecycle-<model>}): it owns the model's retraining,
 * starting training pipelines as child workflows — one in flight at most, automatic triggers no closer than the
 * cooldown — and rolls back on request. Continues as new between runs, once its handlers have finished, before its
 * history grows large.
 */
@WorkflowInterface
public interface ModelLifecycle {

  static String workflowId(String model) {
    return "lifecycle-" + model;
  }

  @WorkflowMethod(name = "ModelLifecycle")
  void run(LifecycleState state);

  /** A new dataset version for the model arrived. */
  @SignalMethod
  void newData(Trigger trigger);

  /** The model's monitor tripped (drift or low live accuracy). */
  @SignalMethod
  void driftDetected(Trigger trigger);

  /** A person asked for a retrain. */
  @SignalMethod
  void retrain(Trigger trigger);

  /** A person asked to serve the previous (or a given) version again. */
  @UpdateMethod
  RollbackResult rollback(RollbackRequest request);

  @QueryMethod
  LifecycleView view();
}
