package dev.keel.workflows.lifecycle;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-lived workflow per registered model (id {@code lifecycle-<model>}): it owns the model's
 * retraining, starting training pipelines as child workflows — one in flight at most, automatic
 * triggers no closer than the cooldown — and rolls back on request. Continues as new between runs,
 * once its handlers have finished, before its history grows large.
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

  /**
   * The model's schedule fired (or a person fired it now): a retrain, unless a run is in flight and
   * the schedule skips overlaps, in which case the firing is recorded as skipped.
   */
  @SignalMethod
  void scheduled(dev.keel.workflows.schedule.ScheduledFiring firing);

  /**
   * A person started a run through the API: starts it now, on the same path as a retrain (no
   * cooldown: a person asked), and answers with its id once its pipeline has started. Refused,
   * naming the run, while another run of the model is in flight: at most one run of a model is ever
   * in flight.
   */
  @UpdateMethod
  RunStarted startRun(RunStart start);

  /**
   * Refuses {@link #startRun} while another run is in flight, or once the caller has stopped
   * waiting.
   */
  @UpdateValidatorMethod(updateName = "startRun")
  void validateStartRun(RunStart start);

  /** A person asked to serve the previous (or a given) version again. */
  @UpdateMethod
  RollbackResult rollback(RollbackRequest request);

  @QueryMethod
  LifecycleView view();
}
