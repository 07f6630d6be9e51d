package dev.keel.engine.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.errors.DomainException;
import dev.keel.engine.errors.InvalidInput;
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

  public PredictResponse predict(String model, PredictRequest request) {
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
    List<JsonNode> instances = request == null ? null : request.instances();
    if (instances == null || instances.isEmpty()) {
      metrics.errors.labels(model, "bad_request").inc();
      throw new InvalidInput("field 'instances': expected a non-empty array of feature objects");
    }
    if (instances.size() > maxBatch) {
      metrics.errors.labels(model, "bad_request").inc();
      throw new TooLarge(
          "field 'instances': "
              + instances.size()
              + " instances are more than the limit of "
              + maxBatch
              + " per request");
    }
    ServingRegistry.Loaded target = served.route();
    List<Map<String, Object>> rows = new ArrayList<>(instances.size());
    try {
      for (int i = 0; i < instances.size(); i++) {
        rows.add(InputCheck.row(i, instances.get(i), target.signature()));
      }
    } catch (DomainException e) {
      metrics.errors.labels(model, "bad_request").inc();
      throw e;
    }
    List<Prediction> predictions = new ArrayList<>(rows.size());
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
    List<UUID> ids = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      log.offer(
          id,
          served.modelId(),
          model,
          target.version(),
          withSubject(rows.get(i), instances.get(i), served),
          predictions.get(i));
    }
    String version = Integer.toString(target.version());
    metrics.predictions.labels(model, version).inc(rows.size());
    double seconds = seconds(start);
    metrics.latency.labels(model, version).observe(seconds);
    health.record(model, target.version(), seconds, false);
    return new PredictResponse(predictions, target.version(), ids);
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
      Map<String, Object> row, JsonNode instance, ServingRegistry.Served served) {
    String column = served.subjectColumn();
    JsonNode subject = column == null || instance == null ? null : instance.get(column);
    if (subject == null || !(subject.isTextual() || subject.isNumber())) {
      return row;
    }
    Map<String, Object> logged = new java.util.LinkedHashMap<>(row);
    logged.put(column, subject.asText());
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
        .flatMap(
            s ->
                java.util.stream.Stream.of(s.champion(), s.canary())
                    .filter(l -> l != null && l.version() == version)
                    .map(ServingRegistry.Loaded::scorer)
                    .findFirst());
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
