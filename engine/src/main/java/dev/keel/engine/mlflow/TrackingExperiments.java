package dev.keel.engine.mlflow;

import static dev.keel.engine.mlflow.TrackingChecks.required;

import dev.keel.engine.mlflow.MlflowViews.Experiment;
import dev.keel.engine.mlflow.MlflowViews.KeyValue;
import dev.keel.engine.mlflow.TrackingRows.ExperimentRow;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * MLflow's experiments: create (a retry gets the first attempt's id), get, rename, tag, delete and
 * restore.
 */
final class TrackingExperiments {

  /** How long an experiments/create retry gets the experiment its first attempt created. */
  static final long RETRY_WINDOW_MILLIS = 60_000;

  private final Jdbi jdbi;
  private final TrackingReader reader;

  TrackingExperiments(Jdbi jdbi, TrackingReader reader) {
    this.jdbi = jdbi;
    this.reader = reader;
  }

  /** See {@link TrackingService#createExperiment}. */
  String create(String name, String artifactLocation, List<KeyValue> tags) {
    required("name", name);
    List<KeyValue> given = tags == null ? List.of() : tags;
    for (KeyValue tag : given) {
      required("tags.key", tag.key());
    }
    String fingerprint =
        RequestFingerprint.of(
            name,
            artifactLocation == null ? "" : artifactLocation,
            RequestFingerprint.tagText(given));
    long now = System.currentTimeMillis();
    return jdbi.inTransaction(
        h -> {
          TrackingDao dao = h.attach(TrackingDao.class);
          Optional<Long> inserted = dao.insertRequestedExperiment(name, now, fingerprint);
          if (inserted.isEmpty()) {
            return String.valueOf(
                dao.retriedExperiment(name, fingerprint, now - RETRY_WINDOW_MILLIS)
                    .orElseThrow(
                        () ->
                            MlflowException.exists(
                                "Experiment(name=" + name + ") already exists.")));
          }
          long id = inserted.get();
          dao.setArtifactLocation(
              id,
              artifactLocation == null || artifactLocation.isBlank()
                  ? "mlflow-artifacts:/" + id
                  : artifactLocation);
          for (KeyValue tag : given) {
            dao.setExperimentTag(id, tag.key(), tag.value() == null ? "" : tag.value());
          }
          return String.valueOf(id);
        });
  }

  Experiment get(String experimentId) {
    return reader.experiment(reader.experimentRow(experimentId));
  }

  Experiment byName(String name) {
    required("experiment_name", name);
    return reader.experiment(
        reader
            .dao()
            .experimentByName(name)
            .orElseThrow(
                () ->
                    MlflowException.notFound(
                        "Could not find experiment with name '" + name + "'")));
  }

  /** See {@link TrackingService#setExperimentStage}. */
  void setStage(String experimentId, String stage) {
    ExperimentRow row = reader.experimentRow(experimentId);
    jdbi.useTransaction(
        h -> {
          TrackingDao dao = h.attach(TrackingDao.class);
          dao.setExperimentStage(row.id(), stage, System.currentTimeMillis());
          dao.setExperimentRunsStage(row.id(), stage);
        });
  }

  void rename(String experimentId, String newName) {
    required("new_name", newName);
    ExperimentRow row = reader.experimentRow(experimentId);
    if (reader.dao().renameExperiment(row.id(), newName, System.currentTimeMillis()) == 0) {
      throw MlflowException.exists("Experiment(name=" + newName + ") already exists.");
    }
  }

  void setTag(String experimentId, String key, String value) {
    required("key", key);
    ExperimentRow row = reader.experimentRow(experimentId);
    reader.dao().setExperimentTag(row.id(), key, value == null ? "" : value);
  }
}
