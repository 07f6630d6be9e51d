package dev.keel.workflows.schedule;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories of {@link ModelScheduleImpl}: a schedule runs for as long as its model
 * is scheduled, so a change to its loop needs {@code Workflow.getVersion} and a new history beside
 * these ({@code -Dkeel.recordHistories=DIR}).
 */
class ModelScheduleReplayTest {

  /** Cron firings, pause, fire now while paused, resume, reschedule to a zone, stop. */
  @Test
  void recordedChangesReplay() throws Exception {
    replay("model-schedule-changes.json");
  }

  /** One execution to its continue-as-new after its bound of firings. */
  @Test
  void recordedExecutionThatContinuedAsNewReplays() throws Exception {
    replay("model-schedule-continued-as-new.json");
  }

  private static void replay(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/" + history, ModelScheduleImpl.class);
  }
}
