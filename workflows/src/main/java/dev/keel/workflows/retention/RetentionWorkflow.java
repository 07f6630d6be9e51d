package dev.keel.workflows.retention;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Keel's one periodic retention workflow: sweeps expired prediction logs and run artifacts every
 * interval, for as long as Keel runs. Its workflow id is {@link #ID}, so engines starting it
 * together start it once.
 */
@WorkflowInterface
public interface RetentionWorkflow {

  String ID = "keel-retention";

  @WorkflowMethod
  void run(RetentionState state);

  /** Sweeps now instead of at the end of the current interval. */
  @SignalMethod
  void sweepNow();

  /** The latest sweep's report, or null before the first. */
  @QueryMethod
  RetentionReport last();
}
