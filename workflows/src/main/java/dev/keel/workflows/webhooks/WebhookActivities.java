package dev.keel.workflows.webhooks;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Sends webhook deliveries, run by the engine's control worker (it holds the delivery log and the
 * webhooks' secrets).
 */
@ActivityInterface(namePrefix = "Webhook")
public interface WebhookActivities {

  /** Failure type of an attempt that must not be retried (the receiver refused for good). */
  String REFUSED = "WebhookRefused";

  /**
   * One attempt of a delivery: POSTs the stored, signed body to the webhook's URL and records the
   * attempt in the delivery log. Returns when the receiver answered 2xx, or when the delivery is
   * already over (delivered, failed, or its webhook deleted); throws to be retried otherwise, and
   * with a non-retryable failure of type {@link #REFUSED} when retrying cannot help. The attempt
   * that reaches {@code maxAttempts} marks the delivery failed.
   */
  @ActivityMethod
  void deliver(DeliveryAttempt attempt);
}
