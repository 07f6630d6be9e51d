package dev.keel.engine.mlflow;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The writes of {@link PipelineTracking} that MLflow's own API has no use for: each one idempotent.
 */
public interface PipelineTrackingDao {

  /** Inserts a run unless it exists; 0 when it did. */
  @SqlUpdate(
      "INSERT INTO tracking_runs (run_uuid, experiment_id, run_name, user_id, status, start_time, end_time, "
          + "artifact_uri) VALUES (:id, :experimentId, :name, :userId, :status, :startTime, :endTime, :artifactUri) "
          + "ON CONFLICT (run_uuid) DO NOTHING")
  int insertRunIfAbsent(
      @Bind("id") String id,
      @Bind("experimentId") long experimentId,
      @Bind("name") String name,
      @Bind("userId") String userId,
      @Bind("status") String status,
      @Bind("startTime") long startTime,
      @Bind("endTime") Long endTime,
      @Bind("artifactUri") String artifactUri);

  /** Ends a run that is still {@code RUNNING}; 0 when it had already ended. */
  @SqlUpdate(
      "UPDATE tracking_runs SET status = :status, end_time = :endTime WHERE run_uuid = :id "
          + "AND status = 'RUNNING'")
  int endRun(@Bind("id") String id, @Bind("status") String status, @Bind("endTime") long endTime);

  /** Logs a param unless the run has it (a param never changes value). */
  @SqlUpdate(
      "INSERT INTO tracking_params (run_uuid, key, value) VALUES (:id, :key, :value) "
          + "ON CONFLICT (run_uuid, key) DO NOTHING")
  void insertParamIfAbsent(
      @Bind("id") String id, @Bind("key") String key, @Bind("value") String value);

  @SqlUpdate("UPDATE runs SET tracking_run_id = :trackingRunId WHERE id = :id")
  void linkRun(@Bind("id") String runId, @Bind("trackingRunId") String trackingRunId);

  @SqlUpdate(
      "UPDATE model_versions v SET tracking_run_id = :trackingRunId FROM models m "
          + "WHERE m.id = v.model_id AND m.name = :model AND v.version = :version")
  void linkVersion(
      @Bind("model") String model,
      @Bind("version") int version,
      @Bind("trackingRunId") String trackingRunId);
}
