package dev.keel.engine.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.datasets.DatasetView;
import dev.keel.engine.metrics.KeelMetrics;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.MonitoringDefinition;
import dev.keel.engine.models.VersionView;
import dev.keel.engine.serving.DeploymentService;
import dev.keel.engine.serving.LiveQuality;
import dev.keel.engine.serving.LiveQualityView;
import dev.keel.engine.serving.Predictor;
import dev.keel.engine.serving.ServingStateView;
import dev.keel.engine.webhooks.WebhookEvents;
import dev.keel.engine.webhooks.WebhookPublisher;
import dev.keel.ml.drift.DriftCalculator;
import dev.keel.ml.drift.DriftPolicy;
import dev.keel.ml.drift.DriftReport;
import dev.keel.workflows.lifecycle.MonitorActivities;
import dev.keel.workflows.lifecycle.MonitorCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A monitoring check: the recent window of logged inputs against the training profile of the served
 * version's dataset (PSI per feature), and live accuracy against the model's floor. Stores the
 * report, exports per-feature drift to Prometheus and tells the monitor whether the policy tripped.
 */
public final class MonitorActivitiesImpl implements MonitorActivities {

  private final Jdbi jdbi;
  private final ModelService models;
  private final DatasetService datasets;
  private final DeploymentService deployments;
  private final Predictor predictor;
  private final LiveQuality quality;
  private final KeelMetrics metrics;
  private final ObjectMapper json;
  private final WebhookPublisher webhooks;

  /**
   * @param webhooks where a check that trips the policy is announced ({@code drift.detected})
   */
  public MonitorActivitiesImpl(
      Jdbi jdbi,
      ModelService models,
      DatasetService datasets,
      DeploymentService deployments,
      Predictor predictor,
      LiveQuality quality,
      KeelMetrics metrics,
      ObjectMapper json,
      WebhookPublisher webhooks) {
    this.jdbi = jdbi;
    this.models = models;
    this.datasets = datasets;
    this.deployments = deployments;
    this.predictor = predictor;
    this.quality = quality;
    this.metrics = metrics;
    this.json = json;
    this.webhooks = webhooks;
  }

  @Override
  public MonitorCheck check(String model) {
    return check(model, null);
  }

  /**
   * One check now, over the latest {@code window} logged inputs (the model's policy window when
   * null). Also what {@code POST /v1/models/{name}/drift/check} runs. A check that trips the policy
   * is announced as {@code drift.detected} once per streak: the event is keyed by the first tripped
   * report since the version's last calm one, so later tripped checks (and a retried activity)
   * announce nothing new until a calm check ends the streak.
   */
  public MonitorCheck check(String model, Integer windowOverride) {
    MonitorCheck check = run(model, windowOverride);
    if (check.tripped() && check.version() != null) {
      long modelId = models.row(model).id();
      Long since =
          jdbi.withExtension(
              DriftReportDao.class, dao -> dao.trippedSince(modelId, check.version()));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("version", check.version());
      data.put("reportId", check.reportId());
      data.put("windowSize", check.windowSize());
      data.put("driftedFeatures", check.driftedFeatures());
      data.put("liveAccuracy", check.liveAccuracy());
      data.put("reason", check.reason());
      webhooks.publish(
          WebhookEvents.DRIFT_DETECTED,
          model + "/" + check.version() + "/" + (since == null ? check.reportId() : since),
          model,
          data);
    }
    return check;
  }

  private MonitorCheck run(String model, Integer windowOverride) {
    ModelRow row = models.row(model);
    ModelService.requireDefinition(row);
    ServingStateView served = deployments.state(model);
    if (served.version() == null) {
      metrics.driftChecks.labels(model, "nothing-deployed").inc();
      return new MonitorCheck(null, 0, 0, List.of(), null, false, "nothing deployed");
    }
    MonitoringDefinition policy = row.definition().monitoringOrDefaults();
    VersionView version = models.version(model, served.version());
    if (version.lineage() == null || version.lineage().dataset() == null) {
      return withoutBaseline(row, served.version(), policy);
    }
    DatasetView training =
        datasets.version(version.lineage().dataset().name(), version.lineage().dataset().version());
    List<Map<String, Object>> window =
        predictor.recentInputs(model, windowOverride == null ? policy.window() : windowOverride);
    DriftPolicy drift =
        new DriftPolicy(
            policy.psiThreshold(),
            policy.minDriftedFeatures(),
            DriftPolicy.DEFAULT_P_VALUE_THRESHOLD,
            policy.minWindow(),
            DriftPolicy.DEFAULT_MISSING_SHARE_INCREASE);
    DriftReport report =
        new DriftCalculator(drift)
            .compare(
                training.profile(),
                window,
                version.signature().stream().map(c -> c.name()).toList());
    report.features().stream()
        .filter(f -> f.psi() != null)
        .forEach(f -> metrics.featureDrift.labels(model, f.name()).set(f.psi()));

    LiveQualityView live = quality.liveQuality(model, served.version(), null);
    boolean accuracyLow =
        policy.accuracyFloor() != null
            && live.accuracy() != null
            && live.feedbackCount() >= policy.minWindow()
            && live.accuracy() < policy.accuracyFloor();
    boolean tripped = report.drifted() || accuracyLow;
    String reason = report.drifted() ? report.summary() : null;
    if (accuracyLow) {
      String low =
          String.format(
              Locale.ROOT,
              "live accuracy %.3f is below the floor %.3f (%d feedback rows)",
              live.accuracy(),
              policy.accuracyFloor(),
              live.feedbackCount());
      reason = reason == null ? low : reason + "; " + low;
    }
    long id = store(row, served.version(), report, tripped, reason, live.accuracy());
    metrics
        .driftChecks
        .labels(model, !report.sufficient() ? "insufficient" : tripped ? "drift" : "ok")
        .inc();
    return new MonitorCheck(
        served.version(),
        id,
        (int) report.windowSize(),
        report.driftedFeatures(),
        live.accuracy(),
        tripped,
        reason == null && !report.sufficient() ? report.summary() : reason);
  }

  /**
   * A served version that Keel did not train (an imported ONNX model) has no training profile to
   * compare live inputs with: the check says so, stores that as its report, and still watches live
   * accuracy.
   */
  private MonitorCheck withoutBaseline(ModelRow row, int version, MonitoringDefinition policy) {
    LiveQualityView live = quality.liveQuality(row.name(), version, null);
    boolean accuracyLow =
        policy.accuracyFloor() != null
            && live.accuracy() != null
            && live.feedbackCount() >= policy.minWindow()
            && live.accuracy() < policy.accuracyFloor();
    String noBaseline =
        "no drift baseline: version "
            + version
            + " was not trained by Keel (an imported model), "
            + "so it has no training profile to compare live inputs with; only live accuracy is checked";
    String reason =
        accuracyLow
            ? String.format(
                Locale.ROOT,
                "live accuracy %.3f is below the floor %.3f (%d feedback rows)",
                live.accuracy(),
                policy.accuracyFloor(),
                live.feedbackCount())
            : null;
    long id =
        storeJson(
            row,
            version,
            0,
            false,
            accuracyLow,
            reason == null ? noBaseline : reason + "; " + noBaseline,
            live.accuracy(),
            json.createObjectNode()
                .put("baseline", (String) null)
                .put("reason", noBaseline)
                .toString());
    metrics.driftChecks.labels(row.name(), accuracyLow ? "drift" : "no-baseline").inc();
    return new MonitorCheck(
        version,
        id,
        0,
        List.of(),
        live.accuracy(),
        accuracyLow,
        reason == null ? noBaseline : reason + "; " + noBaseline);
  }

  private long store(
      ModelRow model,
      int version,
      DriftReport report,
      boolean tripped,
      String reason,
      Double accuracy) {
    String body;
    try {
      body = json.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return storeJson(
        model,
        version,
        (int) report.windowSize(),
        report.drifted(),
        tripped,
        reason,
        accuracy,
        body);
  }

  private long storeJson(
      ModelRow model,
      int version,
      int windowSize,
      boolean drifted,
      boolean tripped,
      String reason,
      Double accuracy,
      String body) {
    return jdbi.withExtension(
        DriftReportDao.class,
        dao ->
            dao.insert(model.id(), version, windowSize, drifted, tripped, reason, accuracy, body));
  }
}
