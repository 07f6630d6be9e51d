package dev.keel.workflows.retention;

import dev.keel.workflows.contract.PipelineActivities;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Sweep, wait the interval (or a sweep-now signal), repeat; continue as new every so many sweeps.
 */
public class RetentionWorkflowImpl implements RetentionWorkflow {

  private final RetentionActivities activities =
      PipelineActivities.control(RetentionActivities.class, Duration.ofMinutes(10));

  private RetentionReport last;
  private boolean sweepRequested;

  @Override
  public void run(RetentionState state) {
    last = state.last();
    for (int sweep = 0; sweep < state.sweepsBeforeContinueAsNew(); sweep++) {
      sweepRequested = false;
      last = activities.sweep();
      Workflow.await(Duration.ofMinutes(state.intervalMinutes()), () -> sweepRequested);
    }
    Workflow.continueAsNew(
        new RetentionState(state.intervalMinutes(), state.sweepsBeforeContinueAsNew(), last));
  }

  @Override
  public void sweepNow() {
    sweepRequested = true;
  }

  @Override
  public RetentionReport last() {
    return last;
  }
}
