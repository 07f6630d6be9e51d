package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A lifecycle's state as its query answers it. {@code cooldownUntil} is null when a retrain may
 * start now.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LifecycleView(
    String model,
    String inFlightRunId,
    Trigger pending,
    Long lastRetrainAt,
    Long cooldownUntil,
    List<LifecycleEvent> recent) {}
