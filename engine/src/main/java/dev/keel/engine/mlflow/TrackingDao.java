package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.TrackingRows.ExperimentRow;
import dev.keel.engine.mlflow.TrackingRows.KeyValueRow;
import dev.keel.engine.mlflow.TrackingRows.MetricRow;
import dev.keel.engine.mlflow.TrackingRows.RunRow;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code tracking_*} tables: experiments, runs, metric points, params and tags. */
@RegisterConstructorMapper(ExperimentRow.class)
@RegisterConstructorMapper(RunRow.class)
@RegisterConstructorMapper(MetricRow.class)
@RegisterConstructorMapper(KeyValueRow.class)
@RegisterConstructorMapper(TrackingDao.RunDataRow.class)
public interface TrackingDao {

  /**
   * A latest metric ({@code kind} 'm': number, timestamp, step), param ('p') or tag ('t': text) of
   * a run.
   */
  record RunDataRow(
      String kind,
      String runUuid,
      String key,
      String text,
      Double number,
      Long timestamp,
      Long step) {}

  /** The latest metrics, params and tags of runs in one round trip, each kind ordered by key. */
  @SqlQuery(
      """
      SELECT 'm' AS kind, run_uuid, key, NULL AS text, value AS number, timestamp, step
        FROM tracking_latest_metrics WHERE run_uuid = ANY(:ids)
      UNION ALL SELECT 'p', run_uuid, key, value, NULL, NULL, NULL FROM tracking_params WHERE run_uuid = ANY(:ids)
      UNION ALL SELECT 't', run_uuid, key, value, NULL, NULL, NULL FROM tracking_tags WHERE run_uuid = ANY(:ids)
      ORDER BY kind, key""")
  List<RunDataRow> runData(@Bind("ids") String[] ids);

  String EXPERIMENT =
      "SELECT id, name, artifact_location, lifecycle_stage, creation_time, last_update_time "
          + "FROM tracking_experiments";

  /** Raises each key's latest point from a {@code points(k, v, t, s)} CTE for run {@code :id}. */
  String LATEST_FROM_POINTS =
      """
      INSERT INTO tracking_latest_metrics (run_uuid, key, value, timestamp, step)
      SELECT DISTINCT ON (k) :id, k, v, t, s FROM points ORDER BY k, s DESC, t DESC, v DESC
      ON CONFLICT (run_uuid, key) DO UPDATE SET value = EXCLUDED.value, timestamp = EXCLUDED.timestamp,
        step = EXCLUDED.step
      WHERE (EXCLUDED.step, EXCLUDED.timestamp, EXCLUDED.value)
        > (tracking_latest_metrics.step, tracking_latest_metrics.timestamp, tracking_latest_metrics.value)""";

  String RUN =
      "SELECT r.run_uuid, r.experiment_id, r.run_name, r.user_id, r.status, r.start_time, r.end_time, "
          + "r.artifact_uri, r.lifecycle_stage FROM tracking_runs r";

  /** Inserts an experiment; empty when the name is taken. */
  @SqlQuery(
      "INSERT INTO tracking_experiments (name, artifact_location, creation_time, last_update_time) "
          + "VALUES (:name, '', :now, :now) ON CONFLICT (name) DO NOTHING RETURNING id")
  Optional<Long> insertExperiment(@Bind("name") String name, @Bind("now") long now);

  /**
   * Inserts an experiment made by an API request with this fingerprint; empty when the name is
   * taken.
   */
  @SqlQuery(
      "INSERT INTO tracking_experiments (name, artifact_location, creation_time, last_update_time, "
          + "request_fingerprint) VALUES (:name, '', :now, :now, :fingerprint) ON CONFLICT (name) DO NOTHING RETURNING id")
  Optional<Long> insertRequestedExperiment(
      @Bind("name") String name, @Bind("now") long now, @Bind("fingerprint") String fingerprint);

  /**
   * The active experiment of this name created by the same request since {@code since} (a retry),
   * if any.
   */
  @SqlQuery(
      "SELECT id FROM tracking_experiments WHERE name = :name AND request_fingerprint = :fingerprint "
          + "AND creation_time >= :since AND lifecycle_stage = 'active'")
  Optional<Long> retriedExperiment(
      @Bind("name") String name,
      @Bind("fingerprint") String fingerprint,
      @Bind("since") long since);

  @SqlUpdate("UPDATE tracking_experiments SET artifact_location = :location WHERE id = :id")
  void setArtifactLocation(@Bind("id") long id, @Bind("location") String location);

  @SqlQuery(EXPERIMENT + " WHERE id = :id")
  Optional<ExperimentRow> experiment(@Bind("id") long id);

  @SqlQuery(EXPERIMENT + " WHERE name = :name")
  Optional<ExperimentRow> experimentByName(@Bind("name") String name);

  @SqlUpdate(
      "UPDATE tracking_experiments SET lifecycle_stage = :stage, last_update_time = :now WHERE id = :id")
  int setExperimentStage(@Bind("id") long id, @Bind("stage") String stage, @Bind("now") long now);

  /** Renames; 0 when the new name is taken by another experiment. */
  @SqlUpdate(
      "UPDATE tracking_experiments SET name = :name, last_update_time = :now WHERE id = :id "
          + "AND NOT EXISTS (SELECT 1 FROM tracking_experiments WHERE name = :name AND id <> :id)")
  int renameExperiment(@Bind("id") long id, @Bind("name") String name, @Bind("now") long now);

  @SqlUpdate(
      "INSERT INTO tracking_experiment_tags (experiment_id, key, value) VALUES (:id, :key, :value) "
          + "ON CONFLICT (experiment_id, key) DO UPDATE SET value = EXCLUDED.value")
  void setExperimentTag(@Bind("id") long id, @Bind("key") String key, @Bind("value") String value);

  @SqlQuery(
      "SELECT experiment_id::text AS owner, key, value FROM tracking_experiment_tags "
          + "WHERE experiment_id = ANY(:ids) ORDER BY key")
  List<KeyValueRow> experimentTags(@Bind("ids") Long[] ids);

  /** Runs of an experiment to {@code stage}; how many changed. */
  @SqlUpdate(
      "UPDATE tracking_runs SET lifecycle_stage = :stage WHERE experiment_id = :id AND lifecycle_stage <> :stage")
  int setExperimentRunsStage(@Bind("id") long experimentId, @Bind("stage") String stage);

  /**
   * Inserts a run and its tags in one statement (atomic without a transaction); the run's artifact
   * URI lies under its experiment's artifact location. Empty, with nothing written, when the
   * experiment already has a run made by the same request (a retry) or is missing or not active.
   */
  @SqlQuery(
      """
      WITH run AS (
        INSERT INTO tracking_runs (run_uuid, experiment_id, run_name, user_id, status, start_time, artifact_uri,
                                   request_fingerprint)
        SELECT :id, e.id, :name, :userId, 'RUNNING', :startTime, e.artifact_location || '/' || :id || '/artifacts',
               :fingerprint
        FROM tracking_experiments e WHERE e.id = :experimentId AND e.lifecycle_stage = 'active'
        ON CONFLICT (experiment_id, request_fingerprint) WHERE request_fingerprint IS NOT NULL DO NOTHING
        RETURNING run_uuid, artifact_uri),
      tags AS (INSERT INTO tracking_tags (run_uuid, key, value)
               SELECT run.run_uuid, k, v FROM run, unnest(:tagKeys, :tagValues) AS t(k, v))
      SELECT artifact_uri FROM run""")
  Optional<String> insertRun(
      @Bind("id") String id,
      @Bind("experimentId") long experimentId,
      @Bind("name") String name,
      @Bind("userId") String userId,
      @Bind("startTime") Long startTime,
      @Bind("fingerprint") String fingerprint,
      @Bind("tagKeys") String[] tagKeys,
      @Bind("tagValues") String[] tagValues);

  @SqlQuery(RUN + " WHERE r.experiment_id = :experimentId AND r.request_fingerprint = :fingerprint")
  Optional<RunRow> runByRequest(
      @Bind("experimentId") long experimentId, @Bind("fingerprint") String fingerprint);

  @SqlQuery(RUN + " WHERE r.run_uuid = :id")
  Optional<RunRow> run(@Bind("id") String id);

  @SqlUpdate(
      "UPDATE tracking_runs SET status = COALESCE(:status, status), end_time = COALESCE(:endTime, end_time), "
          + "run_name = COALESCE(:name, run_name) WHERE run_uuid = :id")
  void updateRun(
      @Bind("id") String id,
      @Bind("status") String status,
      @Bind("endTime") Long endTime,
      @Bind("name") String name);

  @SqlUpdate("UPDATE tracking_runs SET lifecycle_stage = :stage WHERE run_uuid = :id")
  void setRunStage(@Bind("id") String id, @Bind("stage") String stage);

  @SqlUpdate(
      "INSERT INTO tracking_metrics (run_uuid, key, value, timestamp, step) "
          + "VALUES (:id, :key, :value, :timestamp, :step) ON CONFLICT DO NOTHING")
  void insertMetric(
      @Bind("id") String id,
      @Bind("key") String key,
      @Bind("value") double value,
      @Bind("timestamp") long timestamp,
      @Bind("step") long step);

  /**
   * Inserts metric points (a point logged again is the same point) and raises each key's latest
   * point, in one statement: the latest is the point with the highest (step, timestamp, value),
   * within the batch and overall.
   */
  @SqlUpdate(
      """
      WITH points AS (SELECT k, v, t, s FROM unnest(:keys, :values, :timestamps, :steps) AS m(k, v, t, s)),
      history AS (INSERT INTO tracking_metrics (run_uuid, key, value, timestamp, step)
                  SELECT :id, k, v, t, s FROM points ON CONFLICT DO NOTHING)
      """
          + LATEST_FROM_POINTS)
  void insertMetrics(
      @Bind("id") String id,
      @Bind("keys") String[] keys,
      @Bind("values") Double[] values,
      @Bind("timestamps") Long[] timestamps,
      @Bind("steps") Long[] steps);

  /**
   * {@link #insertMetrics} in a statement that also checks the run is active; false (nothing
   * written) if not.
   */
  @SqlQuery(
      """
      WITH run AS (SELECT run_uuid FROM tracking_runs WHERE run_uuid = :id AND lifecycle_stage = 'active'),
      points AS (SELECT k, v, t, s FROM run, unnest(:keys, :values, :timestamps, :steps) AS m(k, v, t, s)),
      history AS (INSERT INTO tracking_metrics (run_uuid, key, value, timestamp, step)
                  SELECT :id, k, v, t, s FROM points ON CONFLICT DO NOTHING),
      latest AS ("""
          + LATEST_FROM_POINTS
          + """
      )
      SELECT count(*) = 1 FROM run""")
  boolean logMetrics(
      @Bind("id") String id,
      @Bind("keys") String[] keys,
      @Bind("values") Double[] values,
      @Bind("timestamps") Long[] timestamps,
      @Bind("steps") Long[] steps);

  /**
   * Inserts params the run does not have yet, in one statement; returns every given key's stored
   * value.
   */
  @SqlQuery(
      """
      WITH ins AS (INSERT INTO tracking_params (run_uuid, key, value)
                   SELECT :id, k, v FROM unnest(:keys, :values) AS p(k, v)
                   ON CONFLICT (run_uuid, key) DO NOTHING RETURNING key, value)
      SELECT :id AS owner, key, value FROM ins
      UNION ALL SELECT run_uuid, key, value FROM tracking_params WHERE run_uuid = :id AND key = ANY(:keys)""")
  List<KeyValueRow> insertParams(
      @Bind("id") String id, @Bind("keys") String[] keys, @Bind("values") String[] values);

  /** Sets tags in one statement; keys must be distinct. */
  @SqlUpdate(
      "INSERT INTO tracking_tags (run_uuid, key, value) SELECT :id, k, v FROM unnest(:keys, :values) AS t(k, v) "
          + "ON CONFLICT (run_uuid, key) DO UPDATE SET value = EXCLUDED.value")
  void setTags(@Bind("id") String id, @Bind("keys") String[] keys, @Bind("values") String[] values);

  /** Keeps the point with the highest (step, timestamp, value) as the key's latest. */
  @SqlUpdate(
      """
      INSERT INTO tracking_latest_metrics (run_uuid, key, value, timestamp, step)
      VALUES (:id, :key, :value, :timestamp, :step)
      ON CONFLICT (run_uuid, key) DO UPDATE SET value = EXCLUDED.value, timestamp = EXCLUDED.timestamp,
        step = EXCLUDED.step
      WHERE (EXCLUDED.step, EXCLUDED.timestamp, EXCLUDED.value)
        > (tracking_latest_metrics.step, tracking_latest_metrics.timestamp, tracking_latest_metrics.value)""")
  void upsertLatestMetric(
      @Bind("id") String id,
      @Bind("key") String key,
      @Bind("value") double value,
      @Bind("timestamp") long timestamp,
      @Bind("step") long step);

  @SqlQuery(
      "SELECT run_uuid, key, value, timestamp, step FROM tracking_metrics WHERE run_uuid = :id AND key = :key "
          + "ORDER BY step, timestamp, value LIMIT :limit OFFSET :offset")
  List<MetricRow> metricHistory(
      @Bind("id") String id,
      @Bind("key") String key,
      @Bind("limit") int limit,
      @Bind("offset") long offset);

  @SqlQuery(
      "SELECT run_uuid, key, value, timestamp, step FROM tracking_latest_metrics WHERE run_uuid = ANY(:ids) "
          + "ORDER BY key")
  List<MetricRow> latestMetrics(@Bind("ids") String[] ids);

  /** Inserts a param unless the run has it; returns the value now stored. */
  @SqlQuery(
      """
      WITH ins AS (INSERT INTO tracking_params (run_uuid, key, value) VALUES (:id, :key, :value)
                   ON CONFLICT (run_uuid, key) DO NOTHING RETURNING value)
      SELECT value FROM ins UNION ALL SELECT value FROM tracking_params WHERE run_uuid = :id AND key = :key""")
  List<String> insertParam(
      @Bind("id") String id, @Bind("key") String key, @Bind("value") String value);

  @SqlQuery(
      "SELECT run_uuid AS owner, key, value FROM tracking_params WHERE run_uuid = ANY(:ids) ORDER BY key")
  List<KeyValueRow> params(@Bind("ids") String[] ids);

  @SqlUpdate(
      "INSERT INTO tracking_tags (run_uuid, key, value) VALUES (:id, :key, :value) "
          + "ON CONFLICT (run_uuid, key) DO UPDATE SET value = EXCLUDED.value")
  void setTag(@Bind("id") String id, @Bind("key") String key, @Bind("value") String value);

  @SqlUpdate("DELETE FROM tracking_tags WHERE run_uuid = :id AND key = :key")
  int deleteTag(@Bind("id") String id, @Bind("key") String key);

  @SqlQuery(
      "SELECT run_uuid AS owner, key, value FROM tracking_tags WHERE run_uuid = ANY(:ids) ORDER BY key")
  List<KeyValueRow> tags(@Bind("ids") String[] ids);

  /** A tracking run and where its artifacts are. */
  record ArtifactsRow(String runUuid, String artifactUri) {}

  /**
   * Up to {@code limit} runs that ended before {@code cutoff} (epoch ms), oldest first, whose
   * artifacts are in Keel's artifact store and not yet tagged {@code purgedTag}.
   */
  @SqlQuery(
      """
      SELECT r.run_uuid, r.artifact_uri FROM tracking_runs r
      WHERE r.end_time < :cutoff AND r.artifact_uri LIKE 'mlflow-artifacts:%'
        AND NOT EXISTS (SELECT 1 FROM tracking_tags t WHERE t.run_uuid = r.run_uuid AND t.key = :purged)
      ORDER BY r.end_time LIMIT :limit""")
  @RegisterConstructorMapper(ArtifactsRow.class)
  List<ArtifactsRow> expiredArtifacts(
      @Bind("cutoff") long cutoff, @Bind("purged") String purgedTag, @Bind("limit") int limit);

  /** Tags a run unless it has the tag already (the first value stays). */
  @SqlUpdate(
      "INSERT INTO tracking_tags (run_uuid, key, value) VALUES (:id, :key, :value) ON CONFLICT DO NOTHING")
  void addTagIfMissing(@Bind("id") String id, @Bind("key") String key, @Bind("value") String value);

  /** The {@code artifact_uri} of a tracking run, empty when there is no such run. */
  @SqlQuery("SELECT artifact_uri FROM tracking_runs WHERE run_uuid = :id")
  Optional<String> artifactUri(@Bind("id") String runId);
}
