package dev.keel.workflows.webhooks;

import dev.keel.workflows.contract.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Runs {@link WebhookActivities#deliver} under the request's retry policy. The outcome (delivered
 * or failed, every attempt) is in the engine's delivery log, so a delivery that ran out of attempts
 * ends this workflow normally.
 */
public class WebhookDeliveryImpl implements WebhookDelivery {

  private static final Logger LOG = Workflow.getLogger(WebhookDeliveryImpl.class);

  @Override
  public void deliver(DeliveryRequest request) {
    WebhookActivities activities =
        Workflow.newActivityStub(
            WebhookActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.CONTROL)
                .setStartToCloseTimeout(
                    Duration.ofSeconds(request.attemptTimeoutSeconds()).plusSeconds(30))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofMillis(request.initialBackoffMillis()))
                        .setBackoffCoefficient(2.0)
                        .setMaximumInterval(
                            Duration.ofMillis(
                                Math.max(
                                    request.initialBackoffMillis(), request.maxBackoffMillis())))
                        .setMaximumAttempts(request.maxAttempts())
                        .setDoNotRetry(WebhookActivities.REFUSED)
                        .build())
                .build());
    try {
      activities.deliver(new DeliveryAttempt(request.deliveryId(), request.maxAttempts()));
    } catch (ActivityFailure e) {
      LOG.warn("webhook delivery {} failed: {}", request.deliveryId(), e.getCause().getMessage());
    }
  }
}
