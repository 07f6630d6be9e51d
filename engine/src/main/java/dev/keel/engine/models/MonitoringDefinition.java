package dev.keel.engine.models;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code monitoring} of a model definition: how often its monitor checks (seconds), the drift
 * policy (a feature drifts at PSI ≥ {@code psiThreshold}; the policy trips at {@code
 * minDriftedFeatures} drifted features, or when live accuracy falls below {@code accuracyFloor}),
 * the window of recent predictions compared, and the cooldown between automatic retrains.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitoringDefinition(
    Long intervalSeconds,
    Double psiThreshold,
    Integer minDriftedFeatures,
    Double accuracyFloor,
    Integer window,
    Integer minWindow,
    Long cooldownSeconds) {

  public MonitoringDefinition withDefaults() {
    return new MonitoringDefinition(
        intervalSeconds == null ? 300L : intervalSeconds,
        psiThreshold == null ? 0.2 : psiThreshold,
        minDriftedFeatures == null ? 1 : minDriftedFeatures,
        accuracyFloor,
        window == null ? 1000 : window,
        minWindow == null ? 100 : minWindow,
        cooldownSeconds == null ? 3600L : cooldownSeconds);
  }
}
