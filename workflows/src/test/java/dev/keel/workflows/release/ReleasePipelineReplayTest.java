package dev.keel.workflows.release;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays a recorded history of {@link ReleasePipelineImpl} (import, a person's approval through
 * the Update, deployment) against the current code, so that a change that would break running
 * releases on deploy fails here.
 */
class ReleasePipelineReplayTest {

  @Test
  void recordedManualApprovalReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/release-pipeline-manual-approval.json", ReleasePipelineImpl.class);
  }

  /**
   * Recorded after runs started to report {@code AWAITING_APPROVAL} (change id {@code
   * awaiting-approval-status}).
   */
  @Test
  void recordedReleaseThatAnnouncedItsWaitForApprovalReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/release-pipeline-awaiting-approval.json", ReleasePipelineImpl.class);
  }
}
