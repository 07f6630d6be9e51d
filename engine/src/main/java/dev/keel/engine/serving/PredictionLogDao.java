package dev.keel.engine.serving;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The prediction log ({@code prediction_log}) and the feedback on logged predictions ({@code
 * prediction_feedback}).
 */
@RegisterConstructorMapper(PredictionLogDao.QualityRow.class)
public interface PredictionLogDao {

  /**
   * Feedback over a window: rows, and accuracy (classification) or RMSE and MAE (regression); 0
   * without rows.
   */
  record QualityRow(long n, double accuracy, double rmse, double mae) {}

  /**
   * Writes a batch of predictions in one statement (element {@code i} of every array is one row;
   * {@code times} in epoch ms). A prediction already logged (same id) is left as it is, so a batch
   * may be written again.
   */
  @SqlUpdate(
      """
      INSERT INTO prediction_log (prediction_id, model_id, version, inputs, output, created_at)
      SELECT id, model_id, version, inputs::jsonb, output::jsonb, to_timestamp(millis / 1000.0)
      FROM unnest(:ids, :models, :versions, :inputs, :outputs, :times)
        AS t (id, model_id, version, inputs, output, millis)
      ON CONFLICT (prediction_id) DO NOTHING""")
  int insert(
      @Bind("ids") UUID[] ids,
      @Bind("models") Long[] models,
      @Bind("versions") Integer[] versions,
      @Bind("inputs") String[] inputs,
      @Bind("outputs") String[] outputs,
      @Bind("times") Long[] times);

  /** The most recent logged inputs of a model as JSON text, newest first. */
  @SqlQuery(
      "SELECT inputs::text FROM prediction_log WHERE model_id = :modelId ORDER BY created_at DESC "
          + "LIMIT :limit")
  List<String> recentInputs(@Bind("modelId") long modelId, @Bind("limit") int limit);

  /** A logged prediction: the version that answered, its inputs and its output as JSON text. */
  record Logged(int version, String inputs, String output) {}

  /** The most recent logged predictions of a model, newest first. */
  @SqlQuery(
      "SELECT version, inputs::text AS inputs, output::text AS output FROM prediction_log "
          + "WHERE model_id = :modelId ORDER BY created_at DESC LIMIT :limit")
  @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(Logged.class)
  List<Logged> recent(@Bind("modelId") long modelId, @Bind("limit") int limit);

  /** The version that answered a logged prediction of the model. */
  @SqlQuery("SELECT version FROM prediction_log WHERE prediction_id = :id AND model_id = :modelId")
  Optional<Integer> version(@Bind("id") UUID id, @Bind("modelId") long modelId);

  /**
   * Records the true label or value of a logged prediction; 0 when it has feedback already (or is
   * not logged).
   */
  @SqlUpdate(
      """
      INSERT INTO prediction_feedback (prediction_id, model_id, version, actual_label, actual_value,
                                       predicted_label, predicted_value)
      SELECT prediction_id, model_id, version, :label, :value, output->>'label',
             (output->>'value')::double precision
      FROM prediction_log WHERE prediction_id = :id AND model_id = :modelId
      ON CONFLICT (prediction_id) DO NOTHING""")
  int insertFeedback(
      @Bind("id") UUID id,
      @Bind("modelId") long modelId,
      @Bind("label") String label,
      @Bind("value") Double value);

  /** Whether the prediction's feedback is this label and value. */
  @SqlQuery(
      """
      SELECT actual_label IS NOT DISTINCT FROM :label AND actual_value IS NOT DISTINCT FROM :value
      FROM prediction_feedback WHERE prediction_id = :id""")
  boolean sameFeedback(
      @Bind("id") UUID id, @Bind("label") String label, @Bind("value") Double value);

  /**
   * Quality over a version's latest {@code limit} feedback rows, only those of the last {@code
   * seconds} if ≥ 0.
   */
  @SqlQuery(
      """
      SELECT count(*) AS n,
             avg(CASE WHEN actual_label = predicted_label THEN 1.0 ELSE 0.0 END) AS accuracy,
             sqrt(avg((actual_value - predicted_value) ^ 2)) AS rmse,
             avg(abs(actual_value - predicted_value)) AS mae
      FROM (SELECT * FROM prediction_feedback
            WHERE model_id = :modelId AND version = :version
              AND (:seconds < 0 OR created_at > now() - make_interval(secs => :seconds))
            ORDER BY created_at DESC LIMIT :limit) recent""")
  QualityRow quality(
      @Bind("modelId") long modelId,
      @Bind("version") int version,
      @Bind("seconds") double seconds,
      @Bind("limit") int limit);

  /**
   * Deletes up to {@code chunk} predictions older than {@code days} days (their feedback goes with
   * them).
   */
  @SqlUpdate(
      """
      DELETE FROM prediction_log WHERE prediction_id IN (
        SELECT prediction_id FROM prediction_log WHERE created_at < now() - make_interval(days => :days)
        LIMIT :chunk)""")
  int deleteExpired(@Bind("days") int days, @Bind("chunk") int chunk);

  /**
   * Deletes the logged predictions of {@code models} whose input {@code column} is {@code subject}.
   */
  @SqlUpdate(
      """
      DELETE FROM prediction_log p USING models m
      WHERE p.model_id = m.id AND m.name = ANY(:models) AND p.inputs ->> :column = :subject""")
  int deleteSubject(
      @Bind("models") String[] models,
      @Bind("column") String column,
      @Bind("subject") String subject);
}
