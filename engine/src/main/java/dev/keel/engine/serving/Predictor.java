package dev.keel.engine.serving;

import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.DomainException;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.errors.TooLarge;
import dev.keel.engine.models.ModelService;
import dev.keel.ml.training.ModelScorer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Answers predict requests from what the {@link ServingRegistry} serves: checks the instances
 * against the signature of the version the request is routed to (champion, or canary for its
 * share), scores them, queues them for the {@link PredictionLog} and records metrics and
 * per-version health.
 */
public final class Predictor {

  private final ServingRegistry registry;
  private final ModelService models;
  private final PredictionLog log;
  private final ServingMetrics metrics;
  private final int maxBatch;
  private final ServingHealth health;
  private ShadowScoring shadows;

  public Predictor(
      ServingRegistry registry,
      ModelService models,
      PredictionLog log,
      ServingMetrics metrics,
      ServingHealth health,
      int maxBatch) {
    this.health = health;
    this.registry = registry;
    this.models = models;
    this.log = log;
    this.metrics = metrics;
    this.maxBatch = maxBatch;
  }

  /** Where requests the champion answered go to be scored by a shadow version too. */
  public void shadowWith(ShadowScoring shadows) {
    this.shadows = shadows;
  }

  /**
   * Answers a {@code /v1} predict request, routed as {@link #predict(String, Integer, Instances)}.
   */
  public PredictResponse predict(String model, PredictRequest request) {
    return predict(model, null, new JsonInstances(request == null ? null : request.instances()));
  }

  /**
   * Scores {@code instances} with the version of {@code model} that answers them: {@code version}
   * when given (it must be the served champion or canary: {@link NotFound} when the model has no
   * such version, {@link Conflict} when it is not served), else the champion or, for its share, the
   * canary. Logs every prediction under a new id and records metrics and per-version health.
   */
  public PredictResponse predict(String model, Integer version, Instances instances) {
    long start = System.nanoTime();
    ServingRegistry.Served served = registry.served(model).orElse(null);
    if (served == null) {
      try {
        models.row(model);
      } catch (DomainException unknown) {
        metrics.errors.labels("", "not_deployed").inc();
        throw unknown;
      }
      metrics.errors.labels(model, "not_deployed").inc();
      throw new NotFound("model '" + model + "' has no deployed version");
    }
    try {
      int count = instances.size();
      if (count > maxBatch) {
        throw new TooLarge(
            instances.where()
                + ": "
                + count
                + " instances are more than the limit of "
                + maxBatch
                + " per request");
      }
    } catch (DomainException e) {
      metrics.errors.labels(model, "bad_request").inc();
      throw e;
    }
    ServingRegistry.Loaded target =
        version == null ? served.route() : served.version(version).orElse(null);
    if (target == null) {
      metrics.errors.labels(model, "not_deployed").inc();
      throw notServed(served, version);
    }
    List<Map<String, Object>> rows;
    try {
      rows = instances.rows(target.signature());
    } catch (DomainException e) {
      metrics.errors.labels(model, "bad_request").inc();
      throw e;
    }
    List<Prediction> predictions = new ArrayList<>(rows.size());
    long scoring = System.nanoTime();
    try {
      for (ModelScorer.Scored s : target.scorer().predictAll(rows)) {
        predictions.add(
            new Prediction(s.label(), s.label() == null ? null : s.probabilities(), s.value()));
      }
    } catch (RuntimeException e) {
      metrics.errors.labels(model, "internal").inc();
      health.record(model, target.version(), seconds(start), true);
      throw e;
    }
    double scoringMillis = (System.nanoTime() - scoring) / 1e6;
    List<UUID> ids = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      log.offer(
          id,
          served.modelId(),
          model,
          target.version(),
          withSubject(rows.get(i), instances, i, served),
          predictions.get(i));
    }
    if (shadows != null && target == served.champion() && served.shadows()) {
      shadows.offer(served, target.version(), rows, predictions, ids, scoringMillis);
    }
    String answering = Integer.toString(target.version());
    metrics.predictions.labels(model, answering).inc(rows.size());
    double seconds = seconds(start);
    metrics.latency.labels(model, answering).observe(seconds);
    health.record(model, target.version(), seconds, false);
    return new PredictResponse(predictions, target.version(), ids);
  }

  /**
   * What {@code model} serves, for its metadata: {@link NotFound} when it does not exist or has no
   * deployed version.
   */
  public ServingRegistry.Served served(String model) {
    ServingRegistry.Served served = registry.served(model).orElse(null);
    if (served == null) {
      models.row(model);
      throw new NotFound("model '" + model + "' has no deployed version");
    }
    return served;
  }

  /**
   * The served version {@code version} of {@code served}: {@link NotFound} when the model has no
   * such version, {@link Conflict} when it is not the champion or the canary.
   */
  public ServingRegistry.Loaded served(ServingRegistry.Served served, int version) {
    return served.version(version).orElseThrow(() -> notServed(served, version));
  }

  /**
   * Why {@code version} cannot answer: {@link NotFound} when the model has no such version, else
   * {@link Conflict} naming what is served.
   */
  private DomainException notServed(ServingRegistry.Served served, int version) {
    try {
      models.version(served.model(), version);
    } catch (DomainException unknown) {
      return unknown;
    }
    return new Conflict(
        "version "
            + version
            + " of model '"
            + served.model()
            + "' is not served: it serves "
            + served.describe());
  }

  /**
   * Per version of {@code model}: requests answered by every engine within {@code window}, how many
   * failed while scoring, and the 95th percentile latency. For canary checks.
   */
  public Map<Integer, ServingHealth.VersionHealth> canaryHealth(String model, Duration window) {
    return health.health(model, window);
  }

  /**
   * The logged inputs: the features, plus the data subject's id when the model names a subject
   * column and the instance carries it, so that an erasure can find the subject's predictions.
   */
  private static Map<String, Object> withSubject(
      Map<String, Object> row, Instances instances, int index, ServingRegistry.Served served) {
    String column = served.subjectColumn();
    String subject = column == null ? null : instances.subject(index, column);
    if (subject == null) {
      return row;
    }
    Map<String, Object> logged = new java.util.LinkedHashMap<>(row);
    logged.put(column, subject);
    return logged;
  }

  /** The most recent logged inputs of {@code model}, newest first (for drift checks). */
  public List<Map<String, Object>> recentInputs(String model, int limit) {
    return log.recentInputs(models.row(model).id(), limit);
  }

  /** The most recent logged predictions of {@code model}, newest first (for drift checks). */
  public List<PredictionLog.Logged> recent(String model, int limit) {
    return log.recent(models.row(model).id(), limit);
  }

  /** The scorer of a version this engine serves (champion or canary), if it is loaded. */
  public java.util.Optional<dev.keel.ml.training.RowScorer> scorer(String model, int version) {
    return registry
        .served(model)
        .flatMap(s -> s.version(version))
        .map(ServingRegistry.Loaded::scorer);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
