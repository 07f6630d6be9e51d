package dev.keel.engine.lifecycle;

import static dev.keel.engine.lifecycle.ActivityErrors.refusalsAreFinal;

import dev.keel.engine.serving.DeploymentRow;
import dev.keel.engine.serving.DeploymentService;
import dev.keel.engine.serving.DeploymentView;
import dev.keel.engine.serving.Predictor;
import dev.keel.engine.serving.ServingHealth.VersionHealth;
import dev.keel.engine.serving.ServingStateView;
import dev.keel.engine.webhooks.ServingEvents;
import dev.keel.engine.webhooks.WebhookEvents;
import dev.keel.engine.webhooks.WebhookPublisher;
import dev.keel.workflows.contract.CanaryHealth;
import dev.keel.workflows.contract.DeploymentActivities;
import dev.keel.workflows.contract.DeploymentRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Deployment steps of a pipeline on the engine's serving layer. Each is idempotent (see
 * DeploymentService).
 */
public final class DeploymentActivitiesImpl implements DeploymentActivities {

  private final DeploymentService deployments;
  private final Predictor predictor;
  private final LifecycleService lifecycles;
  private final WebhookPublisher webhooks;

  /**
   * @param webhooks where deployments and canary outcomes are announced, keyed by the serving
   *     generation they produced (so a retried step announces nothing twice)
   */
  public DeploymentActivitiesImpl(
      DeploymentService deployments,
      Predictor predictor,
      LifecycleService lifecycles,
      WebhookPublisher webhooks) {
    this.deployments = deployments;
    this.predictor = predictor;
    this.lifecycles = lifecycles;
    this.webhooks = webhooks;
  }

  @Override
  public void deploy(DeploymentRequest request) {
    ServingStateView state =
        refusalsAreFinal(
            () ->
                deployments.deploy(
                    request.model(), request.version(), request.actor(), request.reason()));
    lifecycles.ensureMonitor(request.model());
    publish(WebhookEvents.DEPLOYMENT_DONE, state, request, null);
  }

  private void publish(
      String event, ServingStateView state, DeploymentRequest request, Integer canary) {
    ServingEvents.announce(
        webhooks,
        event,
        state.model(),
        state.version(),
        state.generation(),
        canary,
        request.actor(),
        request.reason());
  }

  @Override
  public void startCanary(DeploymentRequest request) {
    refusalsAreFinal(
        () ->
            deployments.startCanary(
                request.model(), request.version(), request.share(), request.actor()));
  }

  @Override
  public void promoteCanary(DeploymentRequest request) {
    // idempotent in DeploymentService: a retry after a promotion returns the promoted state
    ServingStateView state =
        refusalsAreFinal(() -> deployments.promoteCanary(request.model(), request.actor()));
    publish(WebhookEvents.CANARY_PROMOTED, state, request, null);
  }

  @Override
  public void abortCanary(DeploymentRequest request) {
    // idempotent in DeploymentService: without a canary there is nothing to undo
    ServingStateView state =
        refusalsAreFinal(
            () -> deployments.abortCanary(request.model(), request.actor(), request.reason()));
    // announced when the latest change is this abort (also on a retry), not when a saga undoes a
    // canary that never started
    List<DeploymentView> history = deployments.history(request.model());
    if (!history.isEmpty() && DeploymentRow.CANARY_ABORT.equals(history.get(0).kind())) {
      publish(WebhookEvents.CANARY_ROLLED_BACK, state, request, request.version());
    }
  }

  @Override
  public CanaryHealth canaryHealth(String model, long windowSeconds) {
    ServingStateView state = refusalsAreFinal(() -> deployments.state(model));
    Map<Integer, VersionHealth> health =
        predictor.canaryHealth(model, Duration.ofSeconds(windowSeconds));
    VersionHealth none = new VersionHealth(0, 0, 0, 0);
    VersionHealth champion =
        state.version() == null ? none : health.getOrDefault(state.version(), none);
    VersionHealth canary =
        state.canaryVersion() == null ? none : health.getOrDefault(state.canaryVersion(), none);
    return new CanaryHealth(
        champion.requests(),
        champion.errors(),
        champion.p95LatencySeconds() * 1000,
        canary.requests(),
        canary.errors(),
        canary.p95LatencySeconds() * 1000);
  }
}
