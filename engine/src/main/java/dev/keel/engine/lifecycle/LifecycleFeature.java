package dev.keel.engine.lifecycle;

import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.runs.RunService;
import dev.keel.engine.serving.ServingFeature;
import dev.keel.engine.webhooks.WebhookPublisher;
import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;
import java.util.List;

/**
 * Each model's lifecycle: its lifecycle and monitor workflows (started for every model when the
 * engine starts), approvals, retraining, drift reports, and the control activities the workflows
 * call.
 */
public final class LifecycleFeature {

  private final Core core;
  private final ModelService models;
  private final ServingFeature serving;
  private final LifecycleService service;
  private final MonitorActivitiesImpl monitor;
  private final WebhookPublisher webhooks;

  public LifecycleFeature(
      Core core,
      ModelService models,
      DatasetService datasets,
      ServingFeature serving,
      WebhookPublisher webhooks) {
    this.core = core;
    this.webhooks = webhooks;
    this.models = models;
    this.serving = serving;
    service =
        new LifecycleService(core.jdbi(), core.client(), models, datasets, core.pipelineQueue());
    monitor =
        new MonitorActivitiesImpl(
            core.jdbi(),
            models,
            datasets,
            serving.deployments(),
            serving.predictor(),
            serving.quality(),
            core.metrics(),
            core.json(),
            webhooks);
  }

  public LifecycleService service() {
    return service;
  }

  /**
   * The deployment, lifecycle and monitoring activities; the lifecycle's retraining starts runs.
   */
  public List<Object> activities(RunService runs) {
    return List.of(
        new DeploymentActivitiesImpl(serving.deployments(), serving.predictor(), service, webhooks),
        new ShadowActivitiesImpl(serving.deployments(), serving.shadows()),
        new LifecycleActivitiesImpl(
            core.jdbi(), runs, models, serving.deployments(), service, core.metrics()),
        monitor);
  }

  /**
   * Manages the lifecycles (started after the workers and the run reconciler) and registers the
   * API.
   */
  public void register(Environment env) {
    env.lifecycle().manage(service);
    env.jersey().register(new ApprovalResource(service));
    env.jersey().register(new VersionApprovalResource(new VersionApprovals(core.jdbi())));
    env.jersey().register(new RetrainResource(service));
    env.jersey().register(new DriftResource(core.jdbi(), models, core.json(), monitor));
  }
}
