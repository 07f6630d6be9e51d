package dev.keel.engine.models;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code monitoring} of a model definition: how often its monitor checks (seconds), the drift
 * policy (a feature drifts at PSI ≥ {@code psiThreshold}; the policy trips at {@code
 * minDriftedFeatures} drifted features, or when live accuracy falls below {@code accuracyFloor}),
 * the window of recent predictions compared, and the cooldown between automatic retrains. Numeric
 * features are judged against the training data's reservoir sample by {@code numericMethod} ({@code
 * auto}, {@code psi}, {@code ks} with {@code ksPValue}, {@code wasserstein} with {@code
 * wassersteinThreshold}); {@code outputDrift} lets drift of the model's outputs trip the policy;
 * {@code estimatedAccuracyFloor} trips it when the label-free accuracy estimate falls below.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitoringDefinition(
    Long intervalSeconds,
    Double psiThreshold,
    Integer minDriftedFeatures,
    Double accuracyFloor,
    Integer window,
    Integer minWindow,
    Long cooldownSeconds,
    String numericMethod,
    Double ksPValue,
    Double wassersteinThreshold,
    Boolean outputDrift,
    Double estimatedAccuracyFloor) {

  public MonitoringDefinition(
      Long intervalSeconds,
      Double psiThreshold,
      Integer minDriftedFeatures,
      Double accuracyFloor,
      Integer window,
      Integer minWindow,
      Long cooldownSeconds) {
    this(
        intervalSeconds,
        psiThreshold,
        minDriftedFeatures,
        accuracyFloor,
        window,
        minWindow,
        cooldownSeconds,
        null,
        null,
        null,
        null,
        null);
  }

  public MonitoringDefinition withDefaults() {
    return new MonitoringDefinition(
        intervalSeconds == null ? 300L : intervalSeconds,
        psiThreshold == null ? 0.2 : psiThreshold,
        minDriftedFeatures == null ? 1 : minDriftedFeatures,
        accuracyFloor,
        window == null ? 1000 : window,
        minWindow == null ? 100 : minWindow,
        cooldownSeconds == null ? 3600L : cooldownSeconds,
        numericMethod == null ? "auto" : numericMethod,
        ksPValue == null ? 0.05 : ksPValue,
        wassersteinThreshold == null ? 0.1 : wassersteinThreshold,
        outputDrift == null ? Boolean.FALSE : outputDrift,
        estimatedAccuracyFloor);
  }
}
