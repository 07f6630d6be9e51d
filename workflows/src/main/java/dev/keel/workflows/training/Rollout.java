package dev.keel.workflows.training;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Workflow-side deployment of an approved version, shared by the training and release pipelines: directly, or, with
 * a canary policy and a champion to compare with, as a saga that undoes the canary when it is unhealthy.
 */
public final class Rollout {

  private final DeploymentActivities deployments;

  public Rollout(DeploymentActivities deployments) {
    this.deployments = deployments;
  }

  /**
   * Deploys {@code version} of {@code model} for {@code subject} (e.g. {@code run X}, recorded in the deployment
   * reasons); returns null when it is served, else why the canary was rolled back.
   */
  public String deploy(String model, int version, boolean hasChampion, CanaryPolicy canary, String actor,
      String subject) {
    if (canary == null || !hasChampion) {
      deployments.deploy(new DeploymentRequest(model, version, 1.0, actor, "approved " + subject));
      return null;
    }
    Saga saga = new Saga(new Saga.Options.Builder().setParallelCompensation(false).build());
    DeploymentRequest canaryRequest = new DeploymentRequest(model, version, canary.share(), actor,
        "canary of " + subject);
    try {
      deployments.startCanary(canaryRequest);
      saga.addCompensation(deployments::abortCanary, new DeploymentRequest(model, version, 0, actor,
          "canary of " + subject + " rolled back"));
      Workflow.sleep(Duration.ofSeconds(canary.windowSeconds()));
      CanaryHealth health = deployments.canaryHealth(model, canary.windowSeconds());
      String problem = health.problem(canary);
      if (problem != null) {
        saga.compensate();
        return "canary rolled back: " + problem;
      }
      deployments.promoteCanary(canaryRequest);
      return null;
    } catch (ActivityFailure failure) {
      saga.compensate();
      throw failure;
    }
  }
}
