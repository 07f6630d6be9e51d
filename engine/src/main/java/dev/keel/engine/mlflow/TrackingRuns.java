package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.MlflowViews.KeyValue;
import dev.keel.engine.mlflow.MlflowViews.Run;
import dev.keel.engine.mlflow.MlflowViews.RunData;
import dev.keel.engine.mlflow.MlflowViews.RunInfo;
import dev.keel.engine.mlflow.TrackingRows.RunRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The life of an MLflow run: create (one statement; a retry gets the first run), get, update,
 * delete, restore.
 */
final class TrackingRuns {

  static final String RUN_NAME_TAG = "mlflow.runName";

  private final Jdbi jdbi;
  private final TrackingReader reader;

  TrackingRuns(Jdbi jdbi, TrackingReader reader) {
    this.jdbi = jdbi;
    this.reader = reader;
  }

  /** See {@link TrackingService#createRun}. */
  Run create(
      String experimentId, String userId, Long startTime, String runName, List<KeyValue> tags) {
    String experimentText = experimentId == null ? "0" : experimentId;
    long experiment = TrackingChecks.experimentId(experimentText);
    List<KeyValue> given = tags == null ? List.of() : tags;
    TrackingChecks.tags(given);
    String name = runName;
    for (KeyValue tag : given) {
      if (RUN_NAME_TAG.equals(tag.key()) && (name == null || name.isBlank())) {
        name = tag.value();
      }
    }
    String user = userId == null ? "" : userId;
    String fingerprint =
        startTime == null
            ? null
            : RequestFingerprint.of(
                String.valueOf(experiment),
                String.valueOf(startTime),
                runName == null ? "" : runName,
                user,
                RequestFingerprint.tagText(given));
    String id = UUID.randomUUID().toString().replace("-", "");
    String finalName = name == null || name.isBlank() ? "run-" + id.substring(0, 8) : name;
    long start = startTime == null ? System.currentTimeMillis() : startTime;
    Map<String, String> runTags = new TreeMap<>();
    for (KeyValue tag : given) {
      runTags.put(tag.key(), TrackingChecks.valueOf(tag));
    }
    runTags.put(RUN_NAME_TAG, finalName);
    TrackingDao dao = reader.dao();
    Optional<String> artifactUri =
        dao.insertRun(
            id,
            experiment,
            finalName,
            user,
            start,
            fingerprint,
            runTags.keySet().toArray(String[]::new),
            runTags.values().toArray(String[]::new));
    if (artifactUri.isEmpty()) { // a retry, or an experiment that is missing or not active
      Optional<RunRow> first =
          fingerprint == null ? Optional.empty() : dao.runByRequest(experiment, fingerprint);
      if (first.isPresent()) {
        return reader.runs(List.of(first.get())).get(0);
      }
      if ("active".equals(reader.experimentRow(experimentText).lifecycleStage())) {
        throw new IllegalStateException(
            "runs/create wrote nothing into active experiment " + experiment);
      }
      throw MlflowException.invalid(
          "The experiment " + experimentText + " must be in the 'active' state");
    }
    RunInfo info =
        new RunInfo(
            id,
            id,
            finalName,
            String.valueOf(experiment),
            user,
            "RUNNING",
            start,
            null,
            artifactUri.get(),
            "active");
    List<KeyValue> tagViews =
        runTags.entrySet().stream().map(e -> new KeyValue(e.getKey(), e.getValue())).toList();
    return new Run(info, new RunData(List.of(), List.of(), tagViews));
  }

  Run get(String runId) {
    return reader.runs(List.of(reader.runRow(runId))).get(0);
  }

  RunInfo update(String runId, String status, Long endTime, String runName) {
    RunRow row = reader.runRow(runId);
    TrackingChecks.status(status);
    String name = runName == null || runName.isBlank() ? null : runName;
    jdbi.useTransaction(
        h -> {
          TrackingDao dao = h.attach(TrackingDao.class);
          dao.updateRun(row.runUuid(), status, endTime, name);
          if (name != null) {
            dao.setTag(row.runUuid(), RUN_NAME_TAG, name);
          }
        });
    return TrackingReader.info(reader.runRow(runId));
  }

  void setStage(String runId, String stage) {
    reader.dao().setRunStage(reader.runRow(runId).runUuid(), stage);
  }
}
