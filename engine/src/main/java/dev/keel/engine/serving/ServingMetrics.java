package dev.keel.engine.serving;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;

/**
 * Prometheus series of serving, deployments and live quality, registered in the engine's one
 * registry.
 */
public final class ServingMetrics {

  public final Counter predictions;
  public final Histogram latency;
  public final Counter errors;
  public final Counter logDropped;
  public final Gauge liveAccuracy;
  public final Gauge liveRmse;
  public final Counter deployments;
  public final Counter rollbacks;
  public final Counter shadowPredictions;
  public final Gauge shadowAgreement;
  public final Counter shadowDropped;

  public ServingMetrics(CollectorRegistry registry) {
    predictions =
        Counter.build(
                "keel_predictions_total", "Predictions served (instances), by model and version.")
            .labelNames("model", "version")
            .register(registry);
    latency =
        Histogram.build(
                "keel_prediction_latency_seconds",
                "Time to answer a predict request (validation, scoring, enqueueing the log), by model and version.")
            .labelNames("model", "version")
            .buckets(
                0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25,
                0.5, 1, 2.5)
            .register(registry);
    errors =
        Counter.build(
                "keel_prediction_errors_total",
                "Predict requests that failed, by model and reason (bad_request, not_deployed, internal).")
            .labelNames("model", "reason")
            .register(registry);
    logDropped =
        Counter.build(
                "keel_prediction_log_dropped_total",
                "Predictions served but not logged: the log queue was full (as in a long database outage), "
                    + "a batch could not be written, or the engine stopped while the database was unavailable.")
            .labelNames("model")
            .register(registry);
    liveAccuracy =
        Gauge.build(
                "keel_live_accuracy",
                "Accuracy over the most recent feedback, by model and version.")
            .labelNames("model", "version")
            .register(registry);
    liveRmse =
        Gauge.build("keel_live_rmse", "RMSE over the most recent feedback, by model and version.")
            .labelNames("model", "version")
            .register(registry);
    deployments =
        Counter.build(
                "keel_deployments_total",
                "Changes of what a model serves, by model and kind (deploy, rollback, canary-start, canary-promote, "
                    + "canary-abort).")
            .labelNames("model", "kind")
            .register(registry);
    rollbacks =
        Counter.build("keel_rollbacks_total", "Rollbacks, by model.")
            .labelNames("model")
            .register(registry);
    shadowPredictions =
        Counter.build(
                "keel_shadow_predictions_total",
                "Predictions scored by a shadow version beside its champion (never answered), by model and "
                    + "shadow version.")
            .labelNames("model", "version")
            .register(registry);
    shadowAgreement =
        Gauge.build(
                "keel_shadow_agreement",
                "Share of a shadow version's predictions that agree with the champion's, as scored by this "
                    + "engine, by model and shadow version.")
            .labelNames("model", "version")
            .register(registry);
    shadowDropped =
        Counter.build(
                "keel_shadow_dropped_total",
                "Requests the shadow version did not score because its queue was full, by model.")
            .labelNames("model")
            .register(registry);
  }

  /**
   * Exports the series that the error-rate alert divides at 0 as soon as a version is served:
   * rate() sees the first requests' increase (not only later ones), and a model whose every request
   * fails still has a denominator.
   */
  public void served(ServingRegistry.Served served) {
    predictions.labels(served.model(), Integer.toString(served.champion().version()));
    if (served.canary() != null) {
      predictions.labels(served.model(), Integer.toString(served.canary().version()));
    }
    errors.labels(served.model(), "internal");
  }
}
