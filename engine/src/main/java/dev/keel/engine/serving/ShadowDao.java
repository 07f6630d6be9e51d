package dev.keel.engine.serving;

import dev.keel.workflows.contract.ShadowReport;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Shadow scores, paired with the champion's predictions. */
public interface ShadowDao {

  /**
   * Deletes up to {@code chunk} shadow scores older than {@code days} days: they go with the
   * retention of the predictions they were paired with.
   */
  @org.jdbi.v3.sqlobject.statement.SqlUpdate(
      """
      DELETE FROM shadow_predictions WHERE id IN (
        SELECT id FROM shadow_predictions WHERE created_at < now() - make_interval(days => :days)
        LIMIT :chunk)""")
  int deleteExpired(@Bind("days") int days, @Bind("chunk") int chunk);

  @SqlBatch(
      """
      INSERT INTO shadow_predictions (model_id, version, champion_prediction_id, champion_version, label, value,
        agrees, shadow_millis, champion_millis)
      VALUES (:modelId, :version, :championId, :championVersion, :label, :value, :agrees, :shadowMillis,
        :championMillis)""")
  void insert(
      @Bind("modelId") long modelId,
      @Bind("version") int version,
      @Bind("championId") List<UUID> championIds,
      @Bind("championVersion") int championVersion,
      @Bind("label") List<String> labels,
      @Bind("value") List<Double> values,
      @Bind("agrees") List<Boolean> agrees,
      @Bind("shadowMillis") double shadowMillis,
      @Bind("championMillis") double championMillis);

  /**
   * The figures of shadow version {@code version}: paired predictions, agreements, both p95 scoring
   * latencies, and among the pairs whose champion prediction got feedback, how many the shadow got
   * right (a regression within {@code tolerance}, {@link ShadowScoring#TOLERANCE}, of the actual
   * value, as {@link ShadowScoring#agrees} compares two predictions).
   */
  @SqlQuery(
      """
      SELECT count(*) AS paired, count(*) FILTER (WHERE p.agrees) AS agreed,
             coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY p.champion_millis), 0) AS champion_p95_millis,
             coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY p.shadow_millis), 0) AS shadow_p95_millis,
             count(f.prediction_id) AS labelled,
             count(f.prediction_id) FILTER (
               WHERE (f.actual_label IS NOT NULL AND f.actual_label = p.label)
                  OR (f.actual_value IS NOT NULL AND p.value IS NOT NULL
                      AND abs(p.value - f.actual_value) <= :tolerance * greatest(abs(f.actual_value), 1))) AS correct
      FROM shadow_predictions p
      LEFT JOIN prediction_feedback f ON f.prediction_id = p.champion_prediction_id
      WHERE p.model_id = :modelId AND p.version = :version""")
  @RegisterConstructorMapper(ShadowReport.class)
  ShadowReport report(
      @Bind("modelId") long modelId,
      @Bind("version") int version,
      @Bind("tolerance") double tolerance);
}
