package dev.keel.engine.runs;

import dev.keel.workflows.training.GateResult;
import dev.keel.workflows.training.ModelSpec;
import dev.keel.workflows.training.StageRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.json.Json;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Keel's run index. */
@RegisterConstructorMapper(RunRow.class)
public interface RunDao {

  String COLUMNS = "r.id, m.name AS model, r.pipeline, r.dataset_name, r.dataset_version, r.spec, r.status, r.stage, "
      + "r.stages, r.metrics, r.champion_metrics, r.gates, r.model_version, r.error, r.created_at, r.ended_at, "
      + "r.tracking_run_id";

  /**
   * Records a {@code RUNNING} run; empty when another run of the model already holds {@code requestKey} (a
   * concurrent request with the same key). Any other error is thrown.
   */
  @SqlQuery("""
      INSERT INTO runs (id, model_id, request_key, pipeline, dataset_name, dataset_version, spec, started_by, status,
                        stages)
      VALUES (:id, :modelId, :requestKey, :pipeline, :datasetName, :datasetVersion, CAST(:spec AS jsonb), :startedBy,
              'RUNNING',
              CAST(:stages AS jsonb))
      ON CONFLICT (model_id, request_key) DO NOTHING
      RETURNING id""")
  Optional<String> insert(@Bind("id") String id, @Bind("modelId") long modelId, @Bind("requestKey") String requestKey,
      @Bind("pipeline") String pipeline, @Bind("datasetName") String datasetName,
      @Bind("datasetVersion") String datasetVersion, @Bind("spec") @Json ModelSpec spec, @Bind("startedBy") String startedBy,
      @Bind("stages") @Json List<StageRecord> stages);

  @SqlQuery("SELECT " + COLUMNS + " FROM runs r JOIN models m ON m.id = r.model_id WHERE r.id = :id")
  Optional<RunRow> find(@Bind("id") String id);

  @SqlQuery("SELECT " + COLUMNS + " FROM runs r JOIN models m ON m.id = r.model_id WHERE r.id = :id FOR UPDATE OF r")
  Optional<RunRow> lock(@Bind("id") String id);

  @SqlQuery("SELECT " + COLUMNS + " FROM runs r JOIN models m ON m.id = r.model_id "
      + "WHERE r.model_id = :modelId AND r.request_key = :key")
  Optional<RunRow> findByRequestKey(@Bind("modelId") long modelId, @Bind("key") String key);

  @SqlQuery("SELECT " + COLUMNS + " FROM runs r JOIN models m ON m.id = r.model_id WHERE m.name = :model "
      + "ORDER BY r.created_at DESC, r.id LIMIT :limit")
  List<RunRow> listByModel(@Bind("model") String model, @Bind("limit") int limit);

  /** A model's runs with this status, newest first. */
  @SqlQuery("SELECT " + COLUMNS + " FROM runs r JOIN models m ON m.id = r.model_id "
      + "WHERE m.name = :model AND r.status = :status ORDER BY r.created_at DESC, r.id LIMIT :limit")
  List<RunRow> listByModelAndStatus(@Bind("model") String model, @Bind("status") String status,
      @Bind("limit") int limit);

  /** The runs that have not ended ({@code RUNNING} or {@code AWAITING_APPROVAL}). */
  @SqlQuery("SELECT " + COLUMNS + " FROM runs r JOIN models m ON m.id = r.model_id "
      + "WHERE r.status IN ('RUNNING', 'AWAITING_APPROVAL')")
  List<RunRow> inFlight();

  /**
   * Marks a {@code RUNNING} run that has no recorded approval decision {@code AWAITING_APPROVAL} at {@code stage};
   * returns 0 when it was not running or already decided.
   */
  @SqlUpdate("""
      UPDATE runs SET status = 'AWAITING_APPROVAL', stage = :stage, stages = CAST(:stages AS jsonb)
      WHERE id = :id AND status = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.run_id = :id)""")
  int awaitApproval(@Bind("id") String id, @Bind("stage") String stage, @Bind("stages") @Json List<StageRecord> stages);

  /** A run {@code AWAITING_APPROVAL} is {@code RUNNING} again (decided); returns 0 when it was not awaiting. */
  @SqlUpdate("UPDATE runs SET status = 'RUNNING' WHERE id = :id AND status = 'AWAITING_APPROVAL'")
  int resume(@Bind("id") String id);

  @SqlUpdate("""
      UPDATE runs SET status = :status, stage = :stage, stages = CAST(:stages AS jsonb),
        metrics = CAST(:metrics AS jsonb), champion_metrics = CAST(:championMetrics AS jsonb),
        gates = CAST(:gates AS jsonb), model_version = COALESCE(:modelVersion, model_version), error = :error,
        ended_at = now()
      WHERE id = :id""")
  void complete(@Bind("id") String id, @Bind("status") String status, @Bind("stage") String stage,
      @Bind("stages") @Json List<StageRecord> stages, @Bind("metrics") @Json Map<String, Double> metrics,
      @Bind("championMetrics") @Json Map<String, Double> championMetrics,
      @Bind("gates") @Json List<GateResult> gates, @Bind("modelVersion") Integer modelVersion,
      @Bind("error") String error);

  /** Records the version a run registered before it ends (runs that go on to approval and deployment). */
  @SqlUpdate("UPDATE runs SET model_version = :modelVersion, metrics = CAST(:metrics AS jsonb), "
      + "champion_metrics = CAST(:championMetrics AS jsonb), gates = CAST(:gates AS jsonb) WHERE id = :id")
  void setModelVersion(@Bind("id") String id, @Bind("modelVersion") int modelVersion,
      @Bind("metrics") @Json Map<String, Double> metrics,
      @Bind("championMetrics") @Json Map<String, Double> championMetrics,
      @Bind("gates") @Json List<GateResult> gates);

  /**
   * Marks a run that has not ended ({@code RUNNING} or {@code AWAITING_APPROVAL}) as ended with {@code status};
   * returns 0 when it had already ended.
   */
  @SqlUpdate("UPDATE runs SET status = :status, error = :error, ended_at = now() "
      + "WHERE id = :id AND status IN ('RUNNING', 'AWAITING_APPROVAL')")
  int endIfRunning(@Bind("id") String id, @Bind("status") String status, @Bind("error") String error);

  /** The name of the model a run belongs to. */
  @SqlQuery("SELECT m.name FROM runs r JOIN models m ON m.id = r.model_id WHERE r.id = :id")
  Optional<String> modelOfRun(@Bind("id") String id);
}
