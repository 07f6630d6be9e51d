package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.TrackingRows.ExperimentRow;
import dev.keel.engine.runs.RunStatus;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.Registration;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.SweepSpec;
import dev.keel.workflows.contract.TrialRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Keel's pipeline runs as MLflow tracking runs, written in the caller's transaction so that a run
 * and its tracking run never disagree.
 *
 * <p>Each model has an experiment of the same name, created on first use. A pipeline run's tracking
 * run has an id derived from the Keel run id ({@link #runIdOf}), so every write here is idempotent:
 * opening it again, closing it again or recording a trial again changes nothing. It carries the
 * params {@code algorithm}, every trainer param, {@code seed}, {@code holdoutFraction}, {@code
 * dataset} and {@code dataset_version} (with a sweep, also {@code sweep.*}, and the swept params
 * once the sweep has chosen them); the holdout metrics and the champion's as {@code
 * champion.<name>}; the tags {@code keel.run_id}, {@code keel.model}, {@code keel.dataset}, {@code
 * keel.pipeline}, {@code keel.model_version}, {@code keel.status}, {@code mlflow.runName} (the Keel
 * run id) and {@code mlflow.user}. Its status is {@code RUNNING} until the Keel run ends: {@code
 * FINISHED} for a run that succeeded, was rejected or rolled back, {@code FAILED} for a failed run,
 * {@code KILLED} for an interrupted one. MLflow has no status for a run that waits for a person, so
 * {@code keel.status} says it: {@code RUNNING} from the start, {@code AWAITING_APPROVAL} while the
 * candidate waits for a decision ({@code tags.keel.status = 'AWAITING_APPROVAL'} finds them), then
 * {@code RUNNING} again and finally the Keel status the run ended with.
 *
 * <p>A sweep trial is a tracking run of its own, tagged {@code mlflow.parentRunId} with the
 * pipeline run's, whose params are the trial's trainer params and whose metrics are measured on the
 * validation split.
 */
public final class PipelineTracking {

  /** The {@code mlflow.user} of the runs Keel itself starts. */
  public static final String USER = "keel";

  public static final String PARENT_RUN_TAG = "mlflow.parentRunId";
  public static final String USER_TAG = "mlflow.user";

  private PipelineTracking() {}

  /** The tracking run id of a Keel run: 32 hex digits, like MLflow's, the same every time. */
  public static String runIdOf(String keelRunId) {
    return hexUuid("keel-run:" + keelRunId);
  }

  /** The tracking run id of a sweep trial of a Keel run. */
  public static String trialRunIdOf(String keelRunId, int trial) {
    return hexUuid("keel-run:" + keelRunId + "#trial-" + trial);
  }

  /** Opens the tracking run of a Keel run that was just recorded; returns its id. */
  public static String open(
      Handle h,
      String model,
      String keelRunId,
      String pipeline,
      ModelSpec spec,
      DatasetRef dataset,
      long startMillis) {
    ExperimentRow experiment = experiment(h, model);
    String id = runIdOf(keelRunId);
    PipelineTrackingDao dao = h.attach(PipelineTrackingDao.class);
    dao.linkRun(keelRunId, id);
    if (dao.insertRunIfAbsent(
            id,
            experiment.id(),
            keelRunId,
            USER,
            "RUNNING",
            startMillis,
            null,
            artifactUri(experiment, id))
        == 0) {
      return id;
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("algorithm", spec.trainer().algorithm());
    SweepSpec sweep = spec.sweep();
    // swept params are logged when the sweep has chosen them: an MLflow param never changes value
    spec.trainer()
        .params()
        .forEach(
            (k, v) -> {
              if (sweep == null || !sweep.space().containsKey(k)) {
                params.put(k, v);
              }
            });
    params.put("seed", Long.toString(spec.seed()));
    params.put("holdoutFraction", Double.toString(spec.holdoutFraction()));
    params.put("dataset", dataset.name());
    params.put("dataset_version", dataset.version());
    if (sweep != null) {
      params.put("sweep.strategy", sweep.strategy());
      params.put("sweep.trials", Integer.toString(sweep.trials()));
      params.put("sweep.concurrency", Integer.toString(sweep.concurrency()));
      params.put("sweep.metric", sweep.metric() == null ? spec.primaryMetric() : sweep.metric());
      params.put("sweep.space", String.join(",", sweep.space().keySet()));
    }
    params.forEach((k, v) -> dao.insertParamIfAbsent(id, k, v));
    TrackingDao tracking = h.attach(TrackingDao.class);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("keel.run_id", keelRunId);
    tags.put("keel.model", model);
    tags.put("keel.dataset", dataset.toString());
    tags.put("keel.pipeline", pipeline);
    tags.put("keel.status", "RUNNING");
    tags.put(TrackingService.RUN_NAME_TAG, keelRunId);
    tags.put(USER_TAG, USER);
    tags.forEach((k, v) -> tracking.setTag(id, k, v));
    return id;
  }

  /**
   * Closes the tracking run of a Keel run with its outcome: status, end time, metrics, the
   * registered version. Call once, when the run's outcome is first recorded.
   */
  public static void close(Handle h, RunOutcome outcome, Integer version, long endMillis) {
    String id = runIdOf(outcome.runId());
    PipelineTrackingDao dao = h.attach(PipelineTrackingDao.class);
    if (!exists(h, id)) {
      return; // a run started before Keel tracked its runs
    }
    TrackingDao tracking = h.attach(TrackingDao.class);
    metrics(tracking, id, outcome.metrics(), "", endMillis);
    metrics(tracking, id, outcome.championMetrics(), "champion.", endMillis);
    if (version != null) {
      tracking.setTag(id, "keel.model_version", version.toString());
    }
    tracking.setTag(id, "keel.status", outcome.status());
    if (outcome.error() != null) {
      tracking.setTag(id, "keel.error", truncate(outcome.error(), TrackingService.MAX_TAG_VALUE));
    }
    dao.endRun(id, status(outcome.status()), endMillis);
  }

  /**
   * Ends the tracking run of a Keel run that ended outside its workflow (interrupted, or never
   * started).
   */
  public static void end(
      Handle h, String keelRunId, String keelStatus, String error, long endMillis) {
    String id = runIdOf(keelRunId);
    if (h.attach(PipelineTrackingDao.class).endRun(id, status(keelStatus), endMillis) == 1) {
      TrackingDao tracking = h.attach(TrackingDao.class);
      tracking.setTag(id, "keel.status", keelStatus);
      if (error != null) {
        tracking.setTag(id, "keel.error", truncate(error, TrackingService.MAX_TAG_VALUE));
      }
    }
  }

  /**
   * Sets tag {@code keel.status} of the tracking run of a Keel run that has not ended ({@code
   * AWAITING_APPROVAL}, or {@code RUNNING} again once decided); its MLflow status stays {@code
   * RUNNING}. Nothing for a run Keel does not track (a release run, or one started before Keel
   * tracked its runs) or whose tracking run has ended.
   */
  public static void status(Handle h, String keelRunId, String keelStatus) {
    String id = runIdOf(keelRunId);
    h.attach(TrackingDao.class)
        .run(id)
        .filter(r -> "RUNNING".equals(r.status()))
        .ifPresent(r -> h.attach(TrackingDao.class).setTag(id, "keel.status", keelStatus));
  }

  /**
   * Links a registered model version to its run's tracking run (column {@code tracking_run_id}, tag
   * {@code keel.model_version}) and logs the params it was trained with (after a sweep, the chosen
   * ones).
   */
  public static void registered(
      Handle h, String model, int version, String keelRunId, Registration registration) {
    String id = runIdOf(keelRunId);
    if (!exists(h, id)) {
      return;
    }
    PipelineTrackingDao dao = h.attach(PipelineTrackingDao.class);
    TrackingDao tracking = h.attach(TrackingDao.class);
    dao.linkVersion(model, version, id);
    tracking.setTag(id, "keel.model_version", Integer.toString(version));
    registration.trainer().params().forEach((k, v) -> dao.insertParamIfAbsent(id, k, v));
    if (registration.sweep() != null) {
      int trial = registration.sweep().chosenTrial();
      tracking.setTag(id, "keel.sweep.chosen_trial", Integer.toString(trial));
      tracking.setTag(id, "keel.sweep.chosen_run_id", trialRunIdOf(keelRunId, trial));
    }
  }

  /** Records a sweep trial as a tracking run nested in its pipeline run's. */
  public static void recordTrial(Handle h, TrialRecord trial) {
    String parent = runIdOf(trial.runId());
    TrackingDao tracking = h.attach(TrackingDao.class);
    long experimentId =
        tracking
            .run(parent)
            .map(TrackingRows.RunRow::experimentId)
            .orElseGet(() -> experiment(h, trial.model()).id());
    ExperimentRow experiment = tracking.experiment(experimentId).orElseThrow();
    String id = trialRunIdOf(trial.runId(), trial.trial());
    String name = trial.runId() + "-trial-" + trial.trial();
    PipelineTrackingDao dao = h.attach(PipelineTrackingDao.class);
    if (dao.insertRunIfAbsent(
            id,
            experiment.id(),
            name,
            USER,
            trial.status(),
            trial.startedAt(),
            trial.endedAt(),
            artifactUri(experiment, id))
        == 0) {
      return;
    }
    dao.insertParamIfAbsent(id, "algorithm", trial.algorithm());
    trial.params().forEach((k, v) -> dao.insertParamIfAbsent(id, k, v));
    metrics(tracking, id, trial.metrics(), "", trial.endedAt());
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(PARENT_RUN_TAG, parent);
    tags.put(TrackingService.RUN_NAME_TAG, name);
    tags.put(USER_TAG, USER);
    tags.put("keel.run_id", trial.runId());
    tags.put("keel.model", trial.model());
    tags.put("keel.trial", Integer.toString(trial.trial()));
    tags.put("keel.metrics_split", "validation");
    if (trial.error() != null) {
      tags.put("keel.error", truncate(trial.error(), TrackingService.MAX_TAG_VALUE));
    }
    tags.forEach((k, v) -> tracking.setTag(id, k, v));
  }

  /** MLflow's status of a Keel run status. */
  public static String status(String keelStatus) {
    return switch (RunStatus.of(keelStatus).orElse(RunStatus.SUCCEEDED)) {
      case RUNNING, AWAITING_APPROVAL -> "RUNNING";
      case FAILED -> "FAILED";
      case INTERRUPTED -> "KILLED";
      case SUCCEEDED, REJECTED, ROLLED_BACK ->
          "FINISHED"; // the run did its work, whatever it decided
    };
  }

  private static ExperimentRow experiment(Handle h, String model) {
    TrackingDao dao = h.attach(TrackingDao.class);
    Optional<Long> created = dao.insertExperiment(model, System.currentTimeMillis());
    if (created.isPresent()) {
      dao.setArtifactLocation(created.get(), "mlflow-artifacts:/" + created.get());
      dao.setExperimentTag(created.get(), "keel.model", model);
    }
    return dao.experimentByName(model).orElseThrow();
  }

  private static boolean exists(Handle h, String trackingRunId) {
    return h.attach(TrackingDao.class).run(trackingRunId).isPresent();
  }

  private static void metrics(
      TrackingDao dao, String id, Map<String, Double> metrics, String prefix, long at) {
    if (metrics == null) {
      return;
    }
    metrics.forEach(
        (k, v) -> {
          if (v != null) {
            dao.insertMetric(id, prefix + k, v, at, 0);
            dao.upsertLatestMetric(id, prefix + k, v, at, 0);
          }
        });
  }

  private static String artifactUri(ExperimentRow experiment, String id) {
    return experiment.artifactLocation() + "/" + id + "/artifacts";
  }

  private static String hexUuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
