package dev.keel.workflows.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.Histories;
import dev.keel.workflows.contract.TaskQueues;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A delivery's retry policy against time-skipping Temporal: retried until the receiver takes it, at
 * most {@code maxAttempts} times, never after a refusal; the workflow ends normally either way (the
 * outcome is in the delivery log).
 */
class WebhookDeliveryTest {

  TestWorkflowEnvironment env;
  final List<Integer> attempts = new CopyOnWriteArrayList<>();
  IntFunction<RuntimeException> outcome = attempt -> null;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(WebhookDeliveryImpl.class);
    env.newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations(
            (WebhookActivities)
                attempt -> {
                  int n = Activity.getExecutionContext().getInfo().getAttempt();
                  attempts.add(n);
                  RuntimeException failure = outcome.apply(n);
                  if (failure != null) {
                    throw failure;
                  }
                });
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  void deliver(int maxAttempts) {
    WorkflowClient client = env.getWorkflowClient();
    WebhookDelivery delivery =
        client.newWorkflowStub(
            WebhookDelivery.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WebhookDelivery.id("d-1"))
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    delivery.deliver(new DeliveryRequest("d-1", maxAttempts, 2_000, 60_000, 10));
  }

  @Test
  void aReceiverThatFailsTwiceGetsItOnTheThirdAttempt() {
    outcome =
        n -> n <= 2 ? ApplicationFailure.newFailure("HTTP 500", "WebhookAttemptFailed") : null;
    deliver(8);
    assertThat(attempts).containsExactly(1, 2, 3);
    Histories.record(
        env.getWorkflowClient(), WebhookDelivery.id("d-1"), "webhook-delivery-third-attempt.json");
  }

  @Test
  void attemptsAreBounded() {
    outcome = n -> ApplicationFailure.newFailure("HTTP 503", "WebhookAttemptFailed");
    deliver(5);
    assertThat(attempts).containsExactly(1, 2, 3, 4, 5);
    Histories.record(
        env.getWorkflowClient(),
        WebhookDelivery.id("d-1"),
        "webhook-delivery-attempts-ran-out.json");
  }

  @Test
  void aRefusalIsNotRetried() {
    outcome = n -> ApplicationFailure.newNonRetryableFailure("HTTP 410", WebhookActivities.REFUSED);
    deliver(8);
    assertThat(attempts).containsExactly(1);
  }
}
