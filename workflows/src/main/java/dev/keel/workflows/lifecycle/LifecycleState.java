package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What a model's lifecycle carries across continue-as-new: the model, its cooldown, when the last
 * retrain started, a trigger still waiting, and the most recent timeline entries. It continues as
 * new only between runs, so {@code inFlightRunId} is informational. {@code continueAfterEvents}
 * (default {@value #CONTINUE_AFTER_EVENTS}) bounds the history of one execution.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LifecycleState(
    String model,
    long cooldownSeconds,
    Long lastRetrainAt,
    String inFlightRunId,
    Trigger pending,
    List<LifecycleEvent> recent,
    Integer continueAfterEvents) {

  /** Events handled before the workflow continues as new, when not given. */
  public static final int CONTINUE_AFTER_EVENTS = 200;

  public LifecycleState {
    recent = recent == null ? List.of() : List.copyOf(recent);
  }

  public LifecycleState(String model, long cooldownSeconds) {
    this(model, cooldownSeconds, null, null, null, List.of(), null);
  }

  int continueAfter() {
    return continueAfterEvents == null ? CONTINUE_AFTER_EVENTS : continueAfterEvents;
  }
}
