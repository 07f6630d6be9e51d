package dev.keel.engine.schedule;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Models' retraining schedules: the {@code model_schedules} table. */
@RegisterConstructorMapper(ScheduleRow.class)
public interface ScheduleDao {

  /** The schedule of a model's definition, unless the model has one already (a changed one). */
  @SqlUpdate(
      """
      INSERT INTO model_schedules (model_id, cron, overlap, timezone, updated_by)
      SELECT id, :cron, :overlap, :timezone, :actor FROM models WHERE name = :model
      ON CONFLICT (model_id) DO NOTHING""")
  int insertIfAbsent(
      @Bind("model") String model,
      @Bind("cron") String cron,
      @Bind("overlap") String overlap,
      @Bind("timezone") String timezone,
      @Bind("actor") String actor);

  /** Sets the model's schedule (keeping it paused if it was); 1 when it had none before. */
  @SqlQuery(
      """
      INSERT INTO model_schedules (model_id, cron, overlap, timezone, updated_by)
      SELECT id, :cron, :overlap, :timezone, :actor FROM models WHERE name = :model
      ON CONFLICT (model_id) DO UPDATE SET cron = excluded.cron, overlap = excluded.overlap,
        timezone = excluded.timezone, updated_at = now(), updated_by = excluded.updated_by
      RETURNING (xmax = 0)""")
  boolean upsert(
      @Bind("model") String model,
      @Bind("cron") String cron,
      @Bind("overlap") String overlap,
      @Bind("timezone") String timezone,
      @Bind("actor") String actor);

  @SqlUpdate(
      """
      UPDATE model_schedules SET paused = :paused, updated_at = now(), updated_by = :actor
      WHERE model_id = (SELECT id FROM models WHERE name = :model)""")
  int setPaused(
      @Bind("model") String model, @Bind("paused") boolean paused, @Bind("actor") String actor);

  @SqlUpdate(
      "DELETE FROM model_schedules WHERE model_id = (SELECT id FROM models WHERE name = :model)")
  int delete(@Bind("model") String model);

  @SqlQuery(
      """
      SELECT m.name AS model, s.cron, s.overlap, s.timezone, s.paused, s.updated_at, s.updated_by
      FROM model_schedules s JOIN models m ON m.id = s.model_id WHERE m.name = :model""")
  Optional<ScheduleRow> find(@Bind("model") String model);

  @SqlQuery(
      """
      SELECT m.name AS model, s.cron, s.overlap, s.timezone, s.paused, s.updated_at, s.updated_by
      FROM model_schedules s JOIN models m ON m.id = s.model_id ORDER BY m.name""")
  List<ScheduleRow> list();
}
