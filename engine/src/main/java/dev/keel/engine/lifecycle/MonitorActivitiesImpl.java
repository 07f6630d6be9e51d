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
import dev.keel.engine.serving.Prediction;
import dev.keel.engine.serving.PredictionLog;
import dev.keel.engine.serving.Predictor;
import dev.keel.engine.serving.ServingStateView;
import dev.keel.engine.webhooks.WebhookEvents;
import dev.keel.engine.webhooks.WebhookPublisher;
import dev.keel.ml.drift.ConfidenceEstimate;
import dev.keel.ml.drift.DriftCalculator;
import dev.keel.ml.drift.DriftPolicy;
import dev.keel.ml.drift.DriftReport;
import dev.keel.ml.drift.OutputDrift;
import dev.keel.ml.drift.ReferenceSample;
import dev.keel.ml.training.ModelScorer;
import dev.keel.ml.training.RowScorer;
import dev.keel.workflows.lifecycle.MonitorActivities;
import dev.keel.workflows.lifecycle.MonitorCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * A monitoring check: the recent window of logged inputs against the training data of the served
 * version (PSI on the profile's bins; KS or Wasserstein against the version's reservoir sample when
 * it has one), the served version's outputs against its outputs on that sample, a label-free
 * accuracy estimate (mean highest class probability) and live accuracy against the model's floors.
 * Stores the report, exports per-feature drift and the estimate to Prometheus and tells the monitor
 * whether the policy tripped; the monitor workflow signals the lifecycle once per version.
 */
public final class MonitorActivitiesImpl implements MonitorActivities {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(MonitorActivitiesImpl.class);

  private final Jdbi jdbi;
  private final ModelService models;
  private final DatasetService datasets;
  private final DeploymentService deployments;
  private final Predictor predictor;
  private final LiveQuality quality;
  private final KeelMetrics metrics;
  private final ObjectMapper json;
  private final Map<String, List<ModelScorer.Scored>> referenceOutputs = new ConcurrentHashMap<>();
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
    List<PredictionLog.Logged> logged =
        predictor.recent(model, windowOverride == null ? policy.window() : windowOverride);
    List<Map<String, Object>> window = logged.stream().map(PredictionLog.Logged::inputs).toList();
    DriftPolicy drift =
        new DriftPolicy(
            policy.psiThreshold(),
            policy.minDriftedFeatures(),
            DriftPolicy.DEFAULT_P_VALUE_THRESHOLD,
            policy.minWindow(),
            DriftPolicy.DEFAULT_MISSING_SHARE_INCREASE,
            policy.numericMethod(),
            policy.ksPValue(),
            policy.wassersteinThreshold());
    DriftCalculator calculator = new DriftCalculator(drift);
    ReferenceSample sample = datasets.sample(training).orElse(null);
    DriftReport report =
        calculator.compare(
            training.profile(),
            sample,
            window,
            version.signature().stream().map(c -> c.name()).toList());
    report.features().stream()
        .filter(f -> f.psi() != null)
        .forEach(f -> metrics.featureDrift.labels(model, f.name()).set(f.psi()));

    // the served version's own outputs in the window: their drift, and the label-free estimate
    int servedVersion = served.version();
    List<Prediction> outputs =
        logged.stream()
            .filter(l -> l.version() == servedVersion && l.output() != null)
            .map(PredictionLog.Logged::output)
            .toList();
    OutputDrift output =
        outputDrift(model, servedVersion, version, sample, calculator, outputs).orElse(null);
    Double estimated =
        ConfidenceEstimate.expectedAccuracy(
            outputs.stream()
                .filter(p -> p.probabilities() != null)
                .map(Prediction::probabilities)
                .toList());
    if (estimated != null) {
      metrics.estimatedAccuracy.labels(model, Integer.toString(servedVersion)).set(estimated);
    }
    report = report.withOutputs(output, estimated);

    LiveQualityView live = quality.liveQuality(model, served.version(), null);
    boolean accuracyLow =
        policy.accuracyFloor() != null
            && live.accuracy() != null
            && live.feedbackCount() >= policy.minWindow()
            && live.accuracy() < policy.accuracyFloor();
    boolean outputTrips =
        Boolean.TRUE.equals(policy.outputDrift()) && output != null && output.drifted();
    boolean estimateLow =
        policy.estimatedAccuracyFloor() != null
            && estimated != null
            && outputs.size() >= policy.minWindow()
            && estimated < policy.estimatedAccuracyFloor();
    boolean tripped = report.drifted() || accuracyLow || outputTrips || estimateLow;
    List<String> reasons = new ArrayList<>();
    if (report.drifted()) {
      reasons.add(report.summary());
    }
    if (accuracyLow) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "live accuracy %.3f is below the floor %.3f (%d feedback rows)",
              live.accuracy(),
              policy.accuracyFloor(),
              live.feedbackCount()));
    }
    if (outputTrips) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "output drift: the model's predicted %ss drifted (%s %.4g, threshold %.4g)",
              output.kind(),
              output.method(),
              output.statistic(),
              output.threshold()));
    }
    if (estimateLow) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "estimated accuracy %.3f is below the floor %.3f (%d predictions, no labels needed)",
              estimated,
              policy.estimatedAccuracyFloor(),
              outputs.size()));
    }
    String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
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
   * The served version's outputs in the window against its outputs on the reference sample, which
   * it scores once per version and sample (cached); empty when the version has no sample or this
   * engine has not loaded it.
   */
  private Optional<OutputDrift> outputDrift(
      String model,
      int servedVersion,
      VersionView version,
      ReferenceSample sample,
      DriftCalculator calculator,
      List<Prediction> outputs) {
    if (sample == null) {
      return Optional.empty();
    }
    String key = model + "@" + servedVersion + "@" + sample.address();
    List<ModelScorer.Scored> reference = referenceOutputs.get(key);
    if (reference == null) {
      Optional<RowScorer> scorer = predictor.scorer(model, servedVersion);
      if (scorer.isEmpty()) {
        return Optional.empty();
      }
      List<Map<String, Object>> rows = sample.rows(version.signature());
      try {
        reference = rows.isEmpty() ? List.of() : scorer.get().predictAll(rows);
      } catch (RuntimeException e) {
        // a sample the model cannot score (its columns changed type since) only costs the output
        // drift; the rest of the check goes on
        LOG.warn("cannot score the reference sample of {} version {}", model, servedVersion, e);
        return Optional.empty();
      }
      if (referenceOutputs.size() >= 64) {
        referenceOutputs.clear();
      }
      referenceOutputs.put(key, reference);
    }
    boolean labels = reference.stream().anyMatch(r -> r.label() != null);
    if (labels) {
      return Optional.of(
          calculator.labels(
              reference.stream().map(ModelScorer.Scored::label).filter(Objects::nonNull).toList(),
              outputs.stream().map(Prediction::label).filter(Objects::nonNull).toList()));
    }
    return Optional.of(
        calculator.values(
            reference.stream()
                .map(ModelScorer.Scored::value)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .toArray(),
            outputs.stream()
                .map(Prediction::value)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .toArray()));
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
