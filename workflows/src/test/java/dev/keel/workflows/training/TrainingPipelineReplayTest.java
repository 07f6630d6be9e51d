package dev.keel.workflows.training;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories of {@link TrainingPipelineImpl} against the current code. A change to
 * the workflow's logic that would break running pipelines on deploy (non-determinism) fails here;
 * such a change needs {@code Workflow.getVersion}. Record a new history beside the old ones
 * whenever the logic changes.
 */
class TrainingPipelineReplayTest {

  /** Ingest, validate and train answered from the step cache: their stages show CACHED. */
  @Test
  void recordedRunWithCachedStepsReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-cached.json", TrainingPipelineImpl.class);
  }

  @Test
  void recordedSuccessfulRunReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-succeeded.json", TrainingPipelineImpl.class);
  }

  @Test
  void recordedCanaryReleaseReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-canary-release.json", TrainingPipelineImpl.class);
  }

  @Test
  void recordedManualApprovalReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-manual-approval.json", TrainingPipelineImpl.class);
  }

  /**
   * Recorded after runs started to report {@code AWAITING_APPROVAL} (change id {@code
   * awaiting-approval-status}).
   */
  @Test
  void recordedRunThatAnnouncedItsWaitForApprovalReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-awaiting-approval.json", TrainingPipelineImpl.class);
  }

  @Test
  void recordedGridSweepReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-grid-sweep.json", TrainingPipelineImpl.class);
  }

  /**
   * Recorded after the canary saga registered its compensation first (change id {@code
   * canary-compensation-first}).
   */
  @Test
  void recordedPromotedCanaryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-canary-promoted.json", TrainingPipelineImpl.class);
  }

  @Test
  void recordedCanaryAbortedAfterItsStartFailedReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-canary-start-failed.json", TrainingPipelineImpl.class);
  }

  @Test
  void recordedCanaryAbortedWhenItsRunWasCancelledReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-canary-cancelled.json", TrainingPipelineImpl.class);
  }

  /**
   * Recorded after automatic retrains started to check their data (change id {@code data-checks}):
   * a check that failed the run.
   */
  @Test
  void recordedRunFailedByItsDataCheckReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-data-check-failed.json", TrainingPipelineImpl.class);
  }

  /** A run held by its data check, released by a person through the approval Update. */
  @Test
  void recordedRunHeldByItsDataCheckAndReleasedReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-data-check-hold-released.json", TrainingPipelineImpl.class);
  }

  /** An agreeing shadow, then the canary (change id {@code shadow-releases}). */
  @Test
  void recordedPassedShadowReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-shadow-passed.json", TrainingPipelineImpl.class);
  }

  /** A shadow that disagreed with the champion and was removed. */
  @Test
  void recordedDisagreeingShadowReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-shadow-disagreed.json", TrainingPipelineImpl.class);
  }

  /** A run cancelled during its shadow window, whose shadow was removed. */
  @Test
  void recordedShadowCancelledReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-shadow-cancelled.json", TrainingPipelineImpl.class);
  }

  /** A candidate rejected by log replay before approval. */
  @Test
  void recordedReplayRejectionReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/training-pipeline-replay-rejected.json", TrainingPipelineImpl.class);
  }
}
