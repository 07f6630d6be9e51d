package dev.keel.engine.serving;

import dev.keel.engine.BuildInfo;
import dev.keel.engine.config.ServingSettings;
import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.serving.v2.OpenInference;
import dev.keel.engine.webhooks.WebhookPublisher;
import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;
import io.prometheus.client.CollectorRegistry;

/**
 * The serving layer: what each model serves, predictions and their log (through {@code /v1} predict
 * and the Open Inference Protocol under {@code /v2}), live quality from feedback, and the retention
 * of the log. Its getters are for the activities and tests that drive it from inside.
 */
public final class ServingFeature {

  private final ServingRegistry registry;
  private final DeploymentService deployments;
  private final PredictionLog log;
  private final ServingHealth health;
  private final Predictor predictor;
  private final LiveQuality quality;
  private final Retention retention;
  private final ModelService models;
  private final ShadowScoring shadowScoring;
  private final ShadowService shadows;

  public ServingFeature(Core core, CollectorRegistry collectors, ModelService models) {
    this.models = models;
    ServingSettings settings = core.config().getServing();
    ServingMetrics metrics = new ServingMetrics(collectors);
    registry =
        new ServingRegistry(
            core.jdbi(), core.artifacts(), core.json(), settings.getPollMillis(), metrics::served);
    deployments = new DeploymentService(core.jdbi(), metrics, registry::refresh);
    log =
        new PredictionLog(
            core.jdbi(),
            core.json(),
            metrics,
            settings.getLogBatchSize(),
            settings.getLogQueueCapacity(),
            settings.getLogFlushMillis());
    health = new ServingHealth(core.jdbi(), settings.getHealthFlushMillis());
    predictor = new Predictor(registry, models, log, metrics, health, settings.getMaxBatch());
    shadowScoring = new ShadowScoring(core.jdbi(), metrics, settings.getLogQueueCapacity());
    predictor.shadowWith(shadowScoring);
    shadows = new ShadowService(core.jdbi(), models, log, core.artifacts());
    quality =
        new LiveQuality(core.jdbi(), models, deployments, log, metrics, settings.getLiveWindow());
    retention = new Retention(core.jdbi(), settings.getRetentionDays());
  }

  /**
   * Manages the health recorder, the prediction log and the served models (in this order), and the
   * API.
   */
  public void register(Environment env, LifecycleService lifecycles, WebhookPublisher webhooks) {
    env.lifecycle().manage(health);
    env.lifecycle().manage(log);
    env.lifecycle().manage(registry);
    env.lifecycle().manage(shadowScoring);
    env.jersey().register(new ReplayResource(shadows));
    env.jersey().register(new PredictResource(predictor));
    env.jersey().register(new FeedbackResource(quality));
    env.jersey().register(new LiveResource(quality));
    env.jersey().register(new DeploymentsResource(deployments));
    env.jersey().register(new DeployResource(deployments, webhooks));
    env.jersey().register(new RollbackResource(lifecycles, deployments));
    env.jersey().register(new NoopResource());
    OpenInference.register(env, registry, predictor, models, BuildInfo.load().version());
  }

  public DeploymentService deployments() {
    return deployments;
  }

  public ServingRegistry registry() {
    return registry;
  }

  public ShadowService shadows() {
    return shadows;
  }

  public Predictor predictor() {
    return predictor;
  }

  public PredictionLog log() {
    return log;
  }

  public LiveQuality quality() {
    return quality;
  }

  public Retention retention() {
    return retention;
  }
}
