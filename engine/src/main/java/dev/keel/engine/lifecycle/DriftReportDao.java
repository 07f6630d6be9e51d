package dev.keel.engine.lifecycle;

import dev.keel.engine.lifecycle.LifecycleService.LastDrift;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Stored monitoring checks: the {@code drift_reports} table. */
public interface DriftReportDao {

  /** Stores a check's report (JSON text); returns its id. */
  @SqlUpdate(
      """
      INSERT INTO drift_reports (model_id, version, window_size, drifted, tripped, reason, live_accuracy, report)
      VALUES (:modelId, :version, :window, :drifted, :tripped, :reason, :accuracy, CAST(:report AS jsonb))""")
  @GetGeneratedKeys("id")
  long insert(
      @Bind("modelId") long modelId,
      @Bind("version") int version,
      @Bind("window") int windowSize,
      @Bind("drifted") boolean drifted,
      @Bind("tripped") boolean tripped,
      @Bind("reason") String reason,
      @Bind("accuracy") Double liveAccuracy,
      @Bind("report") String reportJson);

  /**
   * The id of the first tripped report of the version since its latest untripped one: where the
   * current streak of tripped checks began; null when the latest report is not tripped.
   */
  @SqlQuery(
      """
      SELECT min(id) FROM drift_reports
      WHERE model_id = :modelId AND version = :version AND tripped
        AND id > coalesce((SELECT max(id) FROM drift_reports
                           WHERE model_id = :modelId AND version = :version AND NOT tripped), 0)""")
  Long trippedSince(@Bind("modelId") long modelId, @Bind("version") int version);

  /** A stored report with its JSON as text. */
  record Stored(
      long id,
      OffsetDateTime createdAt,
      Integer version,
      int windowSize,
      boolean drifted,
      boolean tripped,
      String reason,
      Double liveAccuracy,
      String body) {}

  /** The model's latest reports, newest first. */
  @SqlQuery(
      """
      SELECT id, created_at, version, window_size, drifted, tripped, reason, live_accuracy, report::text AS body
      FROM drift_reports WHERE model_id = :modelId ORDER BY created_at DESC, id DESC LIMIT :limit""")
  @RegisterConstructorMapper(Stored.class)
  List<Stored> history(@Bind("modelId") long modelId, @Bind("limit") int limit);

  /** The model's latest check, in short. */
  @SqlQuery(
      """
      SELECT d.created_at AS at, d.version, d.window_size, d.tripped, d.reason
      FROM drift_reports d JOIN models m ON m.id = d.model_id
      WHERE m.name = :model ORDER BY d.created_at DESC, d.id DESC LIMIT 1""")
  @RegisterConstructorMapper(LastDrift.class)
  Optional<LastDrift> latest(@Bind("model") String model);

  @SqlUpdate("DELETE FROM drift_reports WHERE model_id = :modelId")
  void deleteOfModel(@Bind("modelId") long modelId);
}
