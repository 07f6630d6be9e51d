package dev.keel.engine.lifecycle;

import dev.keel.engine.lifecycle.LifecycleService.TimelineEntry;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** A model lifecycle's timeline: the {@code lifecycle_events} table. */
public interface LifecycleEventDao {

  /** Records an event of the model (idempotent: the same event recorded again changes nothing). */
  @SqlUpdate(
      """
      INSERT INTO lifecycle_events (model_id, at, kind, message, run_id)
      SELECT id, :at, :kind, :message, :runId FROM models WHERE name = :model
      ON CONFLICT (model_id, at, kind, message) DO NOTHING""")
  void record(
      @Bind("model") String model,
      @Bind("at") OffsetDateTime at,
      @Bind("kind") String kind,
      @Bind("message") String message,
      @Bind("runId") String runId);

  /** The model's latest events, newest first. */
  @SqlQuery(
      """
      SELECT e.at, e.kind, e.message, e.run_id FROM lifecycle_events e JOIN models m ON m.id = e.model_id
      WHERE m.name = :model ORDER BY e.at DESC, e.id DESC LIMIT :limit""")
  @RegisterConstructorMapper(TimelineEntry.class)
  List<TimelineEntry> timeline(@Bind("model") String model, @Bind("limit") int limit);

  @SqlUpdate("DELETE FROM lifecycle_events WHERE model_id = :modelId")
  void deleteOfModel(@Bind("modelId") long modelId);
}
