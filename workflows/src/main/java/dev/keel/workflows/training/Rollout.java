package dev.keel.workflows.training;

import dev.keel.workflows.contract.CanaryPolicy;
import dev.keel.workflows.contract.DeploymentActivities;
import dev.keel.workflows.contract.DeploymentRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Workflow-side deployment of an approved version, shared by the training and release pipelines:
 * directly, or, with a canary policy and a champion to compare with, as a saga that undoes the
 * canary when it is unhealthy, when its start or a later step fails, and when the run is cancelled.
 */
public final class Rollout {

  /**
   * Change id of the canary saga that registers its compensation before the canary starts and
   * compensates on cancellation too; runs recorded before it replay the old order.
   */
  static final String CANARY_COMPENSATION_FIRST = "canary-compensation-first";

  private final DeploymentActivities deployments;

  public Rollout(DeploymentActivities deployments) {
    this.deployments = deployments;
  }

  /**
   * Deploys {@code version} of {@code model} for {@code subject} (e.g. {@code run X}, recorded in
   * the deployment reasons); returns null when it is served, else why the canary was rolled back.
   */
  public String deploy(
      String model,
      int version,
      boolean hasChampion,
      CanaryPolicy canary,
      String actor,
      String subject) {
    if (canary == null || !hasChampion) {
      deployments.deploy(new DeploymentRequest(model, version, 1.0, actor, "approved " + subject));
      return null;
    }
    DeploymentRequest start =
        new DeploymentRequest(model, version, canary.share(), actor, "canary of " + subject);
    DeploymentRequest abort =
        new DeploymentRequest(model, version, 0, actor, "canary of " + subject + " rolled back");
    if (Workflow.getVersion(CANARY_COMPENSATION_FIRST, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return canaryAsRecorded(canary, start, abort);
    }
    return canary(canary, start, abort);
  }

  /**
   * The canary saga. Its compensation comes first: a start that failed (or timed out) may still
   * have taken effect, and aborting a canary that never started changes nothing. It compensates in
   * a detached scope, so that a cancelled run still stops its canary.
   */
  private String canary(CanaryPolicy canary, DeploymentRequest start, DeploymentRequest abort) {
    Saga saga = new Saga(new Saga.Options.Builder().setParallelCompensation(false).build());
    saga.addCompensation(deployments::abortCanary, abort);
    try {
      deployments.startCanary(start);
      String problem = problem(canary, start.model());
      if (problem != null) {
        compensate(saga);
        return "canary rolled back: " + problem;
      }
      deployments.promoteCanary(start);
      return null;
    } catch (ActivityFailure | CanceledFailure failure) {
      compensate(saga);
      throw failure;
    }
  }

  /** What is wrong with the canary after its window, or null when it is healthy. */
  private String problem(CanaryPolicy canary, String model) {
    Workflow.sleep(Duration.ofSeconds(canary.windowSeconds()));
    return deployments.canaryHealth(model, canary.windowSeconds()).problem(canary);
  }

  private static void compensate(Saga saga) {
    Workflow.newDetachedCancellationScope(saga::compensate).run();
  }

  /** The saga as runs recorded before {@link #CANARY_COMPENSATION_FIRST} ran it. */
  private String canaryAsRecorded(
      CanaryPolicy canary, DeploymentRequest start, DeploymentRequest abort) {
    Saga saga = new Saga(new Saga.Options.Builder().setParallelCompensation(false).build());
    try {
      deployments.startCanary(start);
      saga.addCompensation(deployments::abortCanary, abort);
      String problem = problem(canary, start.model());
      if (problem != null) {
        saga.compensate();
        return "canary rolled back: " + problem;
      }
      deployments.promoteCanary(start);
      return null;
    } catch (ActivityFailure failure) {
      saga.compensate();
      throw failure;
    }
  }
}
