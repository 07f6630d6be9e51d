package dev.keel.workflows.webhooks;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One webhook delivery, retried with exponential backoff until the receiver takes it or the
 * attempts run out. Its workflow id is {@link #id} of the delivery id, so publishing the same event
 * twice starts it once.
 */
@WorkflowInterface
public interface WebhookDelivery {

  static String id(String deliveryId) {
    return "webhook-delivery-" + deliveryId;
  }

  @WorkflowMethod
  void deliver(DeliveryRequest request);
}
