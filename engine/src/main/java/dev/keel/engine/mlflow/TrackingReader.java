package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.MlflowViews.Experiment;
import dev.keel.engine.mlflow.MlflowViews.KeyValue;
import dev.keel.engine.mlflow.MlflowViews.Metric;
import dev.keel.engine.mlflow.MlflowViews.Run;
import dev.keel.engine.mlflow.MlflowViews.RunData;
import dev.keel.engine.mlflow.MlflowViews.RunInfo;
import dev.keel.engine.mlflow.TrackingRows.ExperimentRow;
import dev.keel.engine.mlflow.TrackingRows.KeyValueRow;
import dev.keel.engine.mlflow.TrackingRows.RunRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Lookups by id that fail as MLflow fails (RESOURCE_DOES_NOT_EXIST, a run that must be active) and
 * the views of experiment and run rows, shared by the experiment, run, logging and search parts of
 * tracking.
 */
final class TrackingReader {

  private final Jdbi jdbi;

  TrackingReader(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  TrackingDao dao() {
    return jdbi.onDemand(TrackingDao.class);
  }

  ExperimentRow experimentRow(String experimentId) {
    return dao()
        .experiment(TrackingChecks.experimentId(experimentId))
        .orElseThrow(
            () -> MlflowException.notFound("No Experiment with id=" + experimentId + " exists"));
  }

  RunRow runRow(String runId) {
    TrackingChecks.runId(runId);
    return dao()
        .run(runId)
        .orElseThrow(() -> MlflowException.notFound("Run with id=" + runId + " not found"));
  }

  RunRow activeRun(String runId) {
    RunRow run = runRow(runId);
    if (!"active".equals(run.lifecycleStage())) {
      throw MlflowException.invalid(
          "The run "
              + runId
              + " must be in the 'active' state. Current state is "
              + run.lifecycleStage()
              + ".");
    }
    return run;
  }

  Experiment experiment(ExperimentRow row) {
    return experiments(List.of(row)).get(0);
  }

  List<Experiment> experiments(List<ExperimentRow> rows) {
    Long[] ids = rows.stream().map(ExperimentRow::id).toArray(Long[]::new);
    Map<String, List<KeyValue>> tags =
        group(ids.length == 0 ? List.of() : dao().experimentTags(ids));
    return rows.stream()
        .map(
            r ->
                new Experiment(
                    String.valueOf(r.id()),
                    r.name(),
                    r.artifactLocation(),
                    r.lifecycleStage(),
                    r.lastUpdateTime(),
                    r.creationTime(),
                    tags.getOrDefault(String.valueOf(r.id()), List.of())))
        .toList();
  }

  /** Runs with their latest metrics, params and tags, read in one round trip. */
  List<Run> runs(List<RunRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    String[] ids = rows.stream().map(RunRow::runUuid).toArray(String[]::new);
    Map<String, List<Metric>> metrics = new HashMap<>();
    Map<String, List<KeyValue>> params = new HashMap<>();
    Map<String, List<KeyValue>> tags = new HashMap<>();
    for (TrackingDao.RunDataRow d : dao().runData(ids)) {
      switch (d.kind()) {
        case "m" ->
            metrics
                .computeIfAbsent(d.runUuid(), k -> new ArrayList<>())
                .add(new Metric(d.key(), d.number(), d.timestamp(), d.step()));
        case "p" ->
            params
                .computeIfAbsent(d.runUuid(), k -> new ArrayList<>())
                .add(new KeyValue(d.key(), d.text()));
        default ->
            tags.computeIfAbsent(d.runUuid(), k -> new ArrayList<>())
                .add(new KeyValue(d.key(), d.text()));
      }
    }
    return rows.stream()
        .map(
            r ->
                new Run(
                    info(r),
                    new RunData(
                        metrics.getOrDefault(r.runUuid(), List.of()),
                        params.getOrDefault(r.runUuid(), List.of()),
                        tags.getOrDefault(r.runUuid(), List.of()))))
        .toList();
  }

  static RunInfo info(RunRow r) {
    return new RunInfo(
        r.runUuid(),
        r.runUuid(),
        r.runName(),
        String.valueOf(r.experimentId()),
        r.userId(),
        r.status(),
        r.startTime(),
        r.endTime(),
        r.artifactUri(),
        r.lifecycleStage());
  }

  private static Map<String, List<KeyValue>> group(List<KeyValueRow> rows) {
    return rows.stream()
        .collect(
            Collectors.groupingBy(
                KeyValueRow::owner,
                Collectors.mapping(r -> new KeyValue(r.key(), r.value()), Collectors.toList())));
  }
}
