package dev.keel.workflows.lifecycle;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories of {@link ModelMonitorImpl} against the current code, as {@link
 * ModelLifecycleReplayTest} does for the lifecycle: monitors run for as long as their model is
 * deployed.
 */
class ModelMonitorReplayTest {

  /** Checks every minute, one alarm per drifting version (recorded while the monitor ran on). */
  @Test
  void recordedChecksAndAlarmsReplay() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/model-monitor-alarms.json", ModelMonitorImpl.class);
  }

  /**
   * Recorded after the loop continued when suggested too (change id {@code
   * continue-when-suggested}).
   */
  @Test
  void recordedChecksAndAlarmsOfTheCurrentLoopReplay() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/model-monitor-when-suggested-alarms.json", ModelMonitorImpl.class);
  }

  /**
   * Recorded after executions continued as new after a few checks (change id {@code short-runs}),
   * up to that continue-as-new.
   */
  @Test
  void anExecutionOfAFewChecksReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/model-monitor-short-runs.json", ModelMonitorImpl.class);
  }
}
