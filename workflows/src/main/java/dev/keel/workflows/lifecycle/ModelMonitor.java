package dev.keel.workflows.lifecycle;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A timer loop per deployed model (id {@code monitor-<model>}): every interval it runs a monitoring
 * check and, when the policy trips for a champion it has not yet raised an alarm for, signals the
 * model's lifecycle to retrain.
 */
@WorkflowInterface
public interface ModelMonitor {

  static String workflowId(String model) {
    return "monitor-" + model;
  }

  @WorkflowMethod(name = "ModelMonitor")
  void run(MonitorState state);

  /** The latest check, or null before the first. */
  @QueryMethod
  MonitorCheck last();
}
