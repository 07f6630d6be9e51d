package dev.keel.engine.lifecycle;

import static dev.keel.engine.lifecycle.ActivityErrors.refusalsAreFinal;

import dev.keel.engine.serving.DeploymentService;
import dev.keel.engine.serving.ShadowService;
import dev.keel.workflows.contract.DeploymentRequest;
import dev.keel.workflows.contract.ReplayReport;
import dev.keel.workflows.contract.ShadowActivities;
import dev.keel.workflows.contract.ShadowReport;

/** Shadow releases and log replay on the engine's serving layer; each step is idempotent. */
public final class ShadowActivitiesImpl implements ShadowActivities {

  private final DeploymentService deployments;
  private final ShadowService shadows;

  public ShadowActivitiesImpl(DeploymentService deployments, ShadowService shadows) {
    this.deployments = deployments;
    this.shadows = shadows;
  }

  @Override
  public void startShadow(DeploymentRequest request) {
    refusalsAreFinal(
        () ->
            deployments.startShadow(
                request.model(),
                request.version(),
                request.share(),
                request.actor(),
                request.reason()));
  }

  @Override
  public void stopShadow(DeploymentRequest request) {
    refusalsAreFinal(
        () ->
            deployments.stopShadow(
                request.model(), request.version(), request.actor(), request.reason()));
  }

  @Override
  public ShadowReport shadowReport(String model, int version) {
    return refusalsAreFinal(() -> shadows.report(model, version));
  }

  @Override
  public ReplayReport replay(String model, String artifactHash, int lastN) {
    return refusalsAreFinal(() -> shadows.replay(model, artifactHash, lastN));
  }
}
