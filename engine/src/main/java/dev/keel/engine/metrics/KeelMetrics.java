package dev.keel.engine.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/** Keel's own Prometheus series, registered in the one registry that {@code /metrics} serves. */
public final class KeelMetrics {

  public final Counter runsStarted;
  public final Counter runsCompleted;
  public final Histogram stageDuration;
  public final Counter datasetVersions;
  public final Counter approvals;
  public final Counter lifecycleEvents;
  public final io.prometheus.client.Gauge featureDrift;
  public final Counter driftChecks;
  public final io.prometheus.client.Gauge estimatedAccuracy;
  public final Counter sweepTrials;
  public final Counter webhookDeliveries;

  public KeelMetrics(CollectorRegistry registry) {
    runsStarted =
        Counter.build("keel_runs_started_total", "Training runs started, by model.")
            .labelNames("model")
            .register(registry);
    runsCompleted =
        Counter.build(
                "keel_runs_completed_total",
                "Training runs that ended, by model and status (succeeded, rejected, failed, interrupted).")
            .labelNames("model", "status")
            .register(registry);
    stageDuration =
        Histogram.build(
                "keel_pipeline_stage_duration_seconds",
                "Wall time of pipeline stages, from the workflow's view.")
            .labelNames("stage")
            .buckets(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800)
            .register(registry);
    datasetVersions =
        Counter.build(
                "keel_dataset_versions_registered_total",
                "Dataset versions registered (new content only).")
            .register(registry);
    approvals =
        Counter.build("keel_approvals_total", "Approval decisions, by model and decision.")
            .labelNames("model", "decision")
            .register(registry);
    lifecycleEvents =
        Counter.build(
                "keel_lifecycle_events_total",
                "Model lifecycle events (retrain started/ended, cooldown, rollback, ...), by model and kind.")
            .labelNames("model", "kind")
            .register(registry);
    featureDrift =
        io.prometheus.client.Gauge.build(
                "keel_feature_drift_psi",
                "Population stability index of each feature of the served model: live inputs vs training data.")
            .labelNames("model", "feature")
            .register(registry);
    estimatedAccuracy =
        io.prometheus.client.Gauge.build(
                "keel_estimated_accuracy",
                "Label-free accuracy estimate of the served classifier over the monitor's window "
                    + "(mean highest class probability, uncalibrated), by model and version.")
            .labelNames("model", "version")
            .register(registry);
    driftChecks =
        Counter.build(
                "keel_drift_checks_total",
                "Monitoring checks, by model and outcome (ok, drift, insufficient, nothing-deployed).")
            .labelNames("model", "outcome")
            .register(registry);
    sweepTrials =
        Counter.build(
                "keel_sweep_trials_total",
                "Hyperparameter sweep trials of runs that registered a version, by model and outcome (finished, failed).")
            .labelNames("model", "outcome")
            .register(registry);
    webhookDeliveries =
        Counter.build(
                "keel_webhook_deliveries_total",
                "Webhook delivery attempts, by event and outcome (delivered; retrying: the attempt failed and another follows; failed: the last attempt failed or the receiver refused for good).")
            .labelNames("event", "outcome")
            .register(registry);
  }
}
