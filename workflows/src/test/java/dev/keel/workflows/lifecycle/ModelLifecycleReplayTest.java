package dev.keel.workflows.lifecycle;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories of {@link ModelLifecycleImpl} against the current code: a lifecycle
 * runs for as long as its model exists, so a change to its logic that breaks a recorded history
 * would break every running lifecycle on deploy; such a change needs {@code Workflow.getVersion}.
 * Record a new history beside the old ones whenever the logic changes ({@code
 * -Dkeel.recordHistories=DIR}).
 */
class ModelLifecycleReplayTest {

  /**
   * Signals coalesced while a run was in flight, and the follow-up run (recorded while the
   * lifecycle ran on).
   */
  @Test
  void recordedCoalescedTriggersReplay() throws Exception {
    replay("model-lifecycle-coalesced.json");
  }

  /** A rollback through the Update. */
  @Test
  void recordedRollbackReplays() throws Exception {
    replay("model-lifecycle-rollback.json");
  }

  /** One execution to its continue-as-new after its event bound. */
  @Test
  void recordedExecutionThatContinuedAsNewReplays() throws Exception {
    replay("model-lifecycle-continued-as-new.json");
  }

  /**
   * Recorded after the loop waited for its handlers (change id {@code
   * continue-when-handlers-finished}).
   */
  @Test
  void recordedCoalescedTriggersOfTheCurrentLoopReplay() throws Exception {
    replay("model-lifecycle-handlers-finished-coalesced.json");
  }

  @Test
  void recordedRollbackOfTheCurrentLoopReplays() throws Exception {
    replay("model-lifecycle-handlers-finished-rollback.json");
  }

  @Test
  void recordedContinueAsNewOfTheCurrentLoopReplays() throws Exception {
    replay("model-lifecycle-handlers-finished-continued-as-new.json");
  }

  /**
   * A rollback that was still running when the execution had handled its events, finished before
   * continuing.
   */
  @Test
  void recordedRollbackThatFinishedBeforeContinueAsNewReplays() throws Exception {
    replay("model-lifecycle-rollback-before-continue-as-new.json");
  }

  /**
   * Runs started through the API by the {@code startRun} Update (change id {@code
   * runs-through-lifecycle}): refused while one is in flight, a retrain coalesced behind one.
   */
  @Test
  void recordedRunsStartedThroughTheLifecycleReplay() throws Exception {
    replay("model-lifecycle-runs-through-lifecycle.json");
  }

  /**
   * An API run's execution to its continue-as-new, past the {@code runs-through-lifecycle} version
   * marker.
   */
  @Test
  void recordedApiRunThatContinuedAsNewReplays() throws Exception {
    replay("model-lifecycle-api-run-continued-as-new.json");
  }

  /**
   * A trigger delivered with the start, handled before run() (change id {@code
   * state-before-handlers}).
   */
  @Test
  void recordedTriggerDeliveredWithTheStartReplays() throws Exception {
    replay("model-lifecycle-trigger-with-start.json");
  }

  /**
   * Scheduled firings: runs started by them, and firings skipped while a run was in flight (the
   * {@code scheduled} signal).
   */
  @Test
  void recordedScheduledFiringsReplay() throws Exception {
    replay("model-lifecycle-schedule-skipped.json");
  }

  private static void replay(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/" + history, ModelLifecycleImpl.class);
  }
}
