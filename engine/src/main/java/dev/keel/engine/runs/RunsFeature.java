package dev.keel.engine.runs;

import dev.keel.engine.BuildInfo;
import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.webhooks.WebhookPublisher;
import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;
import java.util.List;

/**
 * Training runs: starting and restarting them, their index in PostgreSQL and its reconciliation
 * with Temporal.
 */
public final class RunsFeature {

  private final Core core;
  private final RunService service;
  private final RunReconciler reconciler;
  private final WebhookPublisher webhooks;

  public RunsFeature(
      Core core,
      BuildInfo build,
      ModelService models,
      DatasetService datasets,
      LifecycleService lifecycles,
      WebhookPublisher webhooks) {
    this.core = core;
    this.webhooks = webhooks;
    service =
        new RunService(
            core.jdbi(),
            core.client(),
            models,
            datasets,
            core.metrics(),
            build,
            core.pipelineQueue(),
            lifecycles);
    reconciler = new RunReconciler(core.jdbi(), core.client(), core.metrics());
  }

  public RunService service() {
    return service;
  }

  public RunReconciler reconciler() {
    return reconciler;
  }

  /** The registry and tracking activities of the pipelines. */
  public List<Object> activities() {
    return List.of(
        new RegistryActivitiesImpl(core.jdbi(), core.metrics(), webhooks),
        new TrackingActivitiesImpl(core.jdbi()));
  }

  /** Manages the reconciler and registers the run API. */
  public void register(Environment env) {
    env.lifecycle().manage(reconciler);
    env.jersey().register(new ModelRunsResource(service));
    env.jersey().register(new RunResource(service));
    env.jersey().register(new RunRestartResource(service));
  }
}
