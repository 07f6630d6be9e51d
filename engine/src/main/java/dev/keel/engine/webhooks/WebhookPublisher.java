package dev.keel.engine.webhooks;

import java.util.Map;

/**
 * Where the engine's control activities announce events. Publishing is idempotent by {@code key}:
 * the same event and key (a retried activity) is delivered once to each webhook.
 */
public interface WebhookPublisher {

  /** Publishes nothing: for activities wired without webhooks (tests of other features). */
  WebhookPublisher NONE = (event, key, model, data) -> {};

  /**
   * Records a delivery of the event for every webhook subscribed to it and starts delivering it.
   *
   * @param event one of {@link WebhookEvents}
   * @param key what makes this occurrence unique and stable across retries (a run id, a serving
   *     generation); the event id is derived from event and key
   * @param model the model the event is about, or null
   * @param data the event's details (small: ids, versions, reasons)
   */
  void publish(String event, String key, String model, Map<String, Object> data);
}
