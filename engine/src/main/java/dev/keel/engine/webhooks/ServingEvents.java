package dev.keel.engine.webhooks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events of changes to what a model serves ({@code deployment.done}, {@code canary.promoted},
 * {@code canary.rolled_back}), in one shape wherever the change is made. Keyed by the serving
 * generation the change produced, so repeating a change that already holds announces nothing new.
 */
public final class ServingEvents {

  private ServingEvents() {}

  /**
   * @param version the champion after the change
   * @param canary the canary the change was about, or null
   */
  public static void announce(
      WebhookPublisher webhooks,
      String event,
      String model,
      Integer version,
      Long generation,
      Integer canary,
      String actor,
      String reason) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("version", version);
    if (canary != null) {
      data.put("canaryVersion", canary);
    }
    data.put("generation", generation);
    data.put("actor", actor);
    data.put("reason", reason);
    webhooks.publish(event, model + "/" + generation, model, data);
  }
}
