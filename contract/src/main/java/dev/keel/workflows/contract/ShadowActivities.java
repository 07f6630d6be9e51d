package dev.keel.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Shadow releases and log replay, run by the engine's control worker. Starting and stopping a
 * shadow are idempotent, and stopping is the inverse of starting, so a shadow phase is a saga.
 */
@ActivityInterface(namePrefix = "Shadow")
public interface ShadowActivities {

  /** Makes {@code version} the model's shadow version, scoring {@code share} of its requests. */
  @ActivityMethod
  void startShadow(DeploymentRequest request);

  /** Removes the model's shadow version {@code version}; without it, a no-op. */
  @ActivityMethod
  void stopShadow(DeploymentRequest request);

  /** The paired predictions logged for shadow version {@code version} of {@code model}. */
  @ActivityMethod
  ShadowReport shadowReport(String model, int version);

  /**
   * Scores the artifact {@code artifactHash} on the latest {@code lastN} logged inputs of {@code
   * model}; null when nothing is logged.
   */
  @ActivityMethod
  ReplayReport replay(String model, String artifactHash, int lastN);
}
