package dev.keel.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Changes to what Keel serves, run by the engine's control worker. Each is idempotent: repeating a
 * call that already took effect changes nothing. Every change that a later step may have to undo
 * has an inverse here, so a deployment can be written as a saga.
 */
@ActivityInterface(namePrefix = "Deployment")
public interface DeploymentActivities {

  /** Serves {@code version} to all traffic and moves the {@code champion} alias to it. */
  @ActivityMethod
  void deploy(DeploymentRequest request);

  /** Sends {@code share} of traffic to {@code version} beside the champion. */
  @ActivityMethod
  void startCanary(DeploymentRequest request);

  /** Makes the canary the champion. */
  @ActivityMethod
  void promoteCanary(DeploymentRequest request);

  /**
   * Stops the canary; the champion serves everything again (the inverse of {@link #startCanary}).
   */
  @ActivityMethod
  void abortCanary(DeploymentRequest request);

  /** Health of champion and canary over the last {@code windowSeconds}. */
  @ActivityMethod
  CanaryHealth canaryHealth(String model, long windowSeconds);
}
