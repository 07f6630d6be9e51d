package dev.keel.workflows.webhooks;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/** Replays recorded histories of {@link WebhookDeliveryImpl} against the current code. */
class WebhookDeliveryReplayTest {

  /** Two failed attempts, then delivered. */
  @Test
  void aDeliveryOnTheThirdAttemptReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/webhook-delivery-third-attempt.json", WebhookDeliveryImpl.class);
  }

  /** Every attempt failed: the workflow ends normally, the delivery log says failed. */
  @Test
  void aDeliveryThatRanOutOfAttemptsReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/webhook-delivery-attempts-ran-out.json", WebhookDeliveryImpl.class);
  }
}
