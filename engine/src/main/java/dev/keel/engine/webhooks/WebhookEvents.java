package dev.keel.engine.webhooks;

import java.util.List;

/** The events a webhook can subscribe to, and {@code *} for all of them. */
public final class WebhookEvents {

  /** A model version was registered (passed or rejected by its gates). */
  public static final String VERSION_REGISTERED = "version.registered";

  /** A run waits for a person's approval decision. */
  public static final String APPROVAL_PENDING = "approval.pending";

  /** A version now serves all traffic as champion (deployed by a pipeline). */
  public static final String DEPLOYMENT_DONE = "deployment.done";

  /** A canary was promoted to champion. */
  public static final String CANARY_PROMOTED = "canary.promoted";

  /** A canary was stopped; the champion serves everything again. */
  public static final String CANARY_ROLLED_BACK = "canary.rolled_back";

  /** A monitoring check tripped the model's policy (feature drift or live accuracy too low). */
  public static final String DRIFT_DETECTED = "drift.detected";

  /** A run failed (a stage failed; the event says which and why). */
  public static final String RUN_FAILED = "run.failed";

  /** Sent by {@code POST /v1/webhooks/{id}/test} only; every webhook receives it. */
  public static final String PING = "ping";

  /** Subscribes to every event. */
  public static final String ANY = "*";

  /** What a webhook may subscribe to. */
  public static final List<String> ALL =
      List.of(
          VERSION_REGISTERED,
          APPROVAL_PENDING,
          DEPLOYMENT_DONE,
          CANARY_PROMOTED,
          CANARY_ROLLED_BACK,
          DRIFT_DETECTED,
          RUN_FAILED,
          ANY);

  private WebhookEvents() {}
}
