package dev.keel.engine.serving;

import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.workflows.contract.ModelSpec;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Feedback on logged predictions and the live quality computed from it. Feedback for a prediction
 * still waiting in the log queue works: the log is flushed before a prediction is declared unknown.
 */
public final class LiveQuality {

  /**
   * What recording feedback did: created (201), the same again (200). Conflicts and unknown ids
   * throw.
   */
  public record Recorded(boolean created, LiveQualityView quality) {}

  private final Jdbi jdbi;
  private final ModelService models;
  private final DeploymentService deployments;
  private final PredictionLog log;
  private final ServingMetrics metrics;
  private final int window;

  public LiveQuality(
      Jdbi jdbi,
      ModelService models,
      DeploymentService deployments,
      PredictionLog log,
      ServingMetrics metrics,
      int window) {
    this.jdbi = jdbi;
    this.models = models;
    this.deployments = deployments;
    this.log = log;
    this.metrics = metrics;
    this.window = window;
  }

  public Recorded feedback(String model, FeedbackRequest request) {
    ModelRow m = models.row(model);
    if (request == null || request.predictionId() == null) {
      throw new InvalidInput("field 'predictionId' is required");
    }
    UUID id;
    try {
      id = UUID.fromString(request.predictionId());
    } catch (IllegalArgumentException e) {
      throw new InvalidInput(
          "field 'predictionId': '"
              + request.predictionId()
              + "' is not a prediction id "
              + "(a UUID as returned in predictionIds)");
    }
    boolean classification = ModelSpec.CLASSIFICATION.equals(m.task());
    String label = null;
    Double value = null;
    if (request.label() == null || request.label().isNull()) {
      throw new InvalidInput(
          "field 'label' is required: the true " + (classification ? "class label" : "value"));
    } else if (classification) {
      if (!request.label().isTextual()) {
        throw new InvalidInput(
            "field 'label': expected a class label (text) for classification model '"
                + model
                + "', got "
                + request.label());
      }
      label = request.label().textValue();
    } else {
      if (!request.label().isNumber() || !Double.isFinite(request.label().doubleValue())) {
        throw new InvalidInput(
            "field 'label': expected a finite number for regression model '"
                + model
                + "', got "
                + request.label());
      }
      value = request.label().doubleValue();
    }
    Integer version = version(m.id(), id);
    if (version == null) {
      log.flush(5_000);
      version = version(m.id(), id);
    }
    if (version == null) {
      throw new NotFound("model '" + model + "' has no logged prediction " + id);
    }
    String actualLabel = label;
    Double actualValue = value;
    int inserted =
        jdbi.withExtension(
            PredictionLogDao.class,
            dao -> dao.insertFeedback(id, m.id(), actualLabel, actualValue));
    if (inserted == 0) {
      boolean same =
          jdbi.withExtension(
              PredictionLogDao.class, dao -> dao.sameFeedback(id, actualLabel, actualValue));
      if (!same) {
        throw new Conflict("prediction " + id + " already has different feedback");
      }
    }
    return new Recorded(inserted == 1, liveQuality(model, version, null));
  }

  private Integer version(long modelId, UUID id) {
    return jdbi.withExtension(PredictionLogDao.class, dao -> dao.version(id, modelId)).orElse(null);
  }

  /** Live quality of the version {@code model} serves as champion now (its latest feedback). */
  public LiveQualityView live(String model, Integer version) {
    Integer v = version != null ? version : deployments.state(model).version();
    if (v == null) {
      throw new NotFound("model '" + model + "' has no deployed version");
    }
    return liveQuality(model, v, null);
  }

  /**
   * Live quality of a version over its most recent {@code liveWindow} feedback rows, only those
   * within {@code within} when given. Updates the {@code keel_live_*} gauges.
   */
  public LiveQualityView liveQuality(String model, int version, Duration within) {
    ModelRow m = models.row(model);
    boolean classification = ModelSpec.CLASSIFICATION.equals(m.task());
    double seconds = within == null ? -1 : within.toMillis() / 1000.0;
    PredictionLogDao.QualityRow row =
        jdbi.withExtension(
            PredictionLogDao.class, dao -> dao.quality(m.id(), version, seconds, window));
    long n = row.n();
    LiveQualityView view =
        new LiveQualityView(
            model,
            version,
            n,
            n == 0 || !classification ? null : row.accuracy(),
            n == 0 || classification ? null : row.rmse(),
            n == 0 || classification ? null : row.mae());
    if (view.accuracy() != null) {
      metrics.liveAccuracy.labels(model, Integer.toString(version)).set(view.accuracy());
    }
    if (view.rmse() != null) {
      metrics.liveRmse.labels(model, Integer.toString(version)).set(view.rmse());
    }
    return view;
  }
}
