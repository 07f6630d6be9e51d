package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What a model's lifecycle carries across continue-as-new: the model, its cooldown, when the last retrain started,
 * a trigger still waiting, and the most recent timeline entries. It continues as new only between runs, so
 * {@code inFlightRunId} is informational.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LifecycleState(String model, long cooldownSeconds, Long lastRetrainAt, String inFlightRunId,
    Trigger pending, List<LifecycleEvent> recent) {

  public LifecycleState {
    recent = recent == null ? List.of() : List.copyOf(recent);
  }
}
