package dev.keel.engine.runs;

import dev.keel.workflows.contract.GateResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.StageRecord;
import java.time.OffsetDateTime;
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

  String COLUMNS =
      "r.id, m.name AS model, r.pipeline, r.dataset_name, r.dataset_version, r.spec, r.status, r.stage, "
          + "r.stages, r.metrics, r.champion_metrics, r.gates, r.model_version, r.error, r.created_at, r.ended_at, "
          + "r.tracking_run_id";

  /**
   * Records a {@code RUNNING} run: the one writer of new {@code runs} rows. Empty when another run
   * of the model already holds {@code requestKey} (a concurrent request with the same key); any
   * other error is thrown. A release run has no dataset and names the version it releases as {@code
   * modelVersion}; its {@code spec} is its request.
   */
  @SqlQuery(
      """
      INSERT INTO runs (id, model_id, request_key, pipeline, dataset_name, dataset_version, spec, started_by, status,
                        stages, model_version)
      VALUES (:id, :modelId, :requestKey, :pipeline, :datasetName, :datasetVersion, CAST(:spec AS jsonb), :startedBy,
              'RUNNING', CAST(:stages AS jsonb), :modelVersion)
      ON CONFLICT (model_id, request_key) DO NOTHING
      RETURNING id""")
  Optional<String> insert(
      @Bind("id") String id,
      @Bind("modelId") long modelId,
      @Bind("requestKey") String requestKey,
      @Bind("pipeline") String pipeline,
      @Bind("datasetName") String datasetName,
      @Bind("datasetVersion") String datasetVersion,
      @Bind("spec") @Json Object spec,
      @Bind("startedBy") String startedBy,
      @Bind("stages") @Json List<StageRecord> stages,
      @Bind("modelVersion") Integer modelVersion);

  /**
   * Records a {@code RUNNING} training run; empty when another run of the model already holds
   * {@code requestKey}.
   */
  default Optional<String> insert(
      String id,
      long modelId,
      String requestKey,
      String pipeline,
      String datasetName,
      String datasetVersion,
      ModelSpec spec,
      String startedBy,
      List<StageRecord> stages) {
    return insert(
        id,
        modelId,
        requestKey,
        pipeline,
        datasetName,
        datasetVersion,
        spec,
        startedBy,
        stages,
        null);
  }

  /**
   * Records a {@code RUNNING} release run of {@code version}: no dataset, its request as its spec.
   */
  default void insertRelease(
      String id,
      long modelId,
      String pipeline,
      Object request,
      List<StageRecord> stages,
      int version,
      String startedBy) {
    if (insert(id, modelId, null, pipeline, null, null, request, startedBy, stages, version)
        .isEmpty()) {
      throw new IllegalStateException("release run " + id + " was recorded already");
    }
  }

  @SqlQuery(
      "SELECT " + COLUMNS + " FROM runs r JOIN models m ON m.id = r.model_id WHERE r.id = :id")
  Optional<RunRow> find(@Bind("id") String id);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM runs r JOIN models m ON m.id = r.model_id WHERE r.id = :id FOR UPDATE OF r")
  Optional<RunRow> lock(@Bind("id") String id);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM runs r JOIN models m ON m.id = r.model_id "
          + "WHERE r.model_id = :modelId AND r.request_key = :key")
  Optional<RunRow> findByRequestKey(@Bind("modelId") long modelId, @Bind("key") String key);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM runs r JOIN models m ON m.id = r.model_id WHERE m.name = :model "
          + "ORDER BY r.created_at DESC, r.id LIMIT :limit")
  List<RunRow> listByModel(@Bind("model") String model, @Bind("limit") int limit);

  /** A model's runs with this status, newest first. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM runs r JOIN models m ON m.id = r.model_id "
          + "WHERE m.name = :model AND r.status = :status ORDER BY r.created_at DESC, r.id LIMIT :limit")
  List<RunRow> listByModelAndStatus(
      @Bind("model") String model, @Bind("status") String status, @Bind("limit") int limit);

  /** The runs that have not ended ({@code RUNNING} or {@code AWAITING_APPROVAL}). */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM runs r JOIN models m ON m.id = r.model_id "
          + "WHERE r.status IN ('RUNNING', 'AWAITING_APPROVAL')")
  List<RunRow> inFlight();

  /**
   * Marks a {@code RUNNING} run that has no recorded approval decision {@code AWAITING_APPROVAL} at
   * {@code stage}; returns 0 when it was not running or already decided.
   */
  @SqlUpdate(
      """
      UPDATE runs SET status = 'AWAITING_APPROVAL', stage = :stage, stages = CAST(:stages AS jsonb)
      WHERE id = :id AND status = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.run_id = :id)""")
  int awaitApproval(
      @Bind("id") String id,
      @Bind("stage") String stage,
      @Bind("stages") @Json List<StageRecord> stages);

  /**
   * A run {@code AWAITING_APPROVAL} is {@code RUNNING} again (decided); returns 0 when it was not
   * awaiting.
   */
  @SqlUpdate("UPDATE runs SET status = 'RUNNING' WHERE id = :id AND status = 'AWAITING_APPROVAL'")
  int resume(@Bind("id") String id);

  @SqlUpdate(
      """
      UPDATE runs SET status = :status, stage = :stage, stages = CAST(:stages AS jsonb),
        metrics = CAST(:metrics AS jsonb), champion_metrics = CAST(:championMetrics AS jsonb),
        gates = CAST(:gates AS jsonb), model_version = COALESCE(:modelVersion, model_version), error = :error,
        ended_at = now()
      WHERE id = :id""")
  void complete(
      @Bind("id") String id,
      @Bind("status") String status,
      @Bind("stage") String stage,
      @Bind("stages") @Json List<StageRecord> stages,
      @Bind("metrics") @Json Map<String, Double> metrics,
      @Bind("championMetrics") @Json Map<String, Double> championMetrics,
      @Bind("gates") @Json List<GateResult> gates,
      @Bind("modelVersion") Integer modelVersion,
      @Bind("error") String error);

  /**
   * Records the version a run registered before it ends (runs that go on to approval and
   * deployment).
   */
  @SqlUpdate(
      "UPDATE runs SET model_version = :modelVersion, metrics = CAST(:metrics AS jsonb), "
          + "champion_metrics = CAST(:championMetrics AS jsonb), gates = CAST(:gates AS jsonb) WHERE id = :id")
  void setModelVersion(
      @Bind("id") String id,
      @Bind("modelVersion") int modelVersion,
      @Bind("metrics") @Json Map<String, Double> metrics,
      @Bind("championMetrics") @Json Map<String, Double> championMetrics,
      @Bind("gates") @Json List<GateResult> gates);

  /**
   * Marks a run that has not ended ({@code RUNNING} or {@code AWAITING_APPROVAL}) as ended with
   * {@code status}; returns 0 when it had already ended.
   */
  @SqlUpdate(
      "UPDATE runs SET status = :status, error = :error, ended_at = now() "
          + "WHERE id = :id AND status IN ('RUNNING', 'AWAITING_APPROVAL')")
  int endIfRunning(
      @Bind("id") String id, @Bind("status") String status, @Bind("error") String error);

  /** Whether the model has any run. */
  @SqlQuery("SELECT EXISTS (SELECT 1 FROM runs WHERE model_id = :modelId)")
  boolean anyOfModel(@Bind("modelId") long modelId);

  /** The model's runs that have not ended ({@code ended_at} unset). */
  @SqlQuery(
      "SELECT count(*) FROM runs r JOIN models m ON m.id = r.model_id "
          + "WHERE m.name = :model AND r.ended_at IS NULL")
  int countNotEnded(@Bind("model") String model);

  /** A run in flight that releases (or trained) this version, if any. */
  @SqlQuery(
      """
      SELECT id FROM runs WHERE model_id = :modelId AND model_version = :version
      AND status IN ('RUNNING', 'AWAITING_APPROVAL') LIMIT 1""")
  Optional<String> inFlightWithVersion(@Bind("modelId") long modelId, @Bind("version") int version);

  /**
   * The dataset of the model's latest run; empty when it has none (or the latest is a release, with
   * no dataset).
   */
  @SqlQuery(
      """
      SELECT r.dataset_name FROM runs r JOIN models m ON m.id = r.model_id WHERE m.name = :model
      ORDER BY r.created_at DESC LIMIT 1""")
  Optional<String> latestDataset(@Bind("model") String model);

  /** Who started a run, and the version it registered (null before it registers one). */
  record Starter(long modelId, String startedBy, Integer modelVersion) {}

  @SqlQuery("SELECT model_id, started_by, model_version FROM runs WHERE id = :id")
  @RegisterConstructorMapper(Starter.class)
  Optional<Starter> starter(@Bind("id") String id);

  /** The runs trained on this dataset version, oldest first. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM runs r JOIN models m ON m.id = r.model_id "
          + "WHERE r.dataset_name = :name AND r.dataset_version = :version ORDER BY r.created_at, r.id")
  List<RunRow> trainedOn(@Bind("name") String dataset, @Bind("version") String version);

  // approvals: one decision per run

  /**
   * Records a decision on a run's version; returns 0 when the run already has one (or does not
   * exist), so a retried or concurrent decision changes nothing.
   */
  @SqlUpdate(
      """
      INSERT INTO approvals (run_id, model_id, version, decision, actor, comment, decided_at)
      SELECT r.id, r.model_id, :version, :decision, :actor, :comment, :at FROM runs r WHERE r.id = :runId
      ON CONFLICT (run_id) DO NOTHING""")
  int insertApproval(
      @Bind("runId") String runId,
      @Bind("version") Integer version,
      @Bind("decision") String decision,
      @Bind("actor") String actor,
      @Bind("comment") String comment,
      @Bind("at") OffsetDateTime at);

  @SqlQuery(
      "SELECT run_id, decision, actor, comment, decided_at FROM approvals WHERE run_id = ANY(:ids)")
  @RegisterConstructorMapper(ApprovalRow.class)
  List<ApprovalRow> approvals(@Bind("ids") List<String> runIds);

  @SqlQuery("SELECT run_id, decision, actor, comment, decided_at FROM approvals WHERE run_id = :id")
  @RegisterConstructorMapper(ApprovalRow.class)
  Optional<ApprovalRow> approval(@Bind("id") String runId);

  /** A model whose oldest candidate awaits a person's decision, and for how long (seconds). */
  record PendingApproval(String model, double age) {}

  /**
   * Per model, the age of the oldest candidate awaiting approval: runs {@code AWAITING_APPROVAL}
   * and, for workflows that reached approval before runs reported that status, {@code RUNNING} runs
   * whose passed version has no decision yet.
   */
  @SqlQuery(
      """
      SELECT m.name AS model, extract(epoch FROM now() - min(greatest(v.created_at, r.created_at))) AS age
      FROM runs r JOIN model_versions v ON v.model_id = r.model_id AND v.version = r.model_version
      JOIN models m ON m.id = r.model_id
      LEFT JOIN approvals a ON a.run_id = r.id
      WHERE r.status IN ('RUNNING', 'AWAITING_APPROVAL') AND a.run_id IS NULL AND v.status = 'PASSED'
      GROUP BY m.name""")
  @RegisterConstructorMapper(PendingApproval.class)
  List<PendingApproval> pendingApprovals();

  /** The name of the model a run belongs to. */
  @SqlQuery("SELECT m.name FROM runs r JOIN models m ON m.id = r.model_id WHERE r.id = :id")
  Optional<String> modelOfRun(@Bind("id") String id);
}
