package dev.keel.engine.erasure;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Erasures ({@code erasures}): one row per data subject, by a hash of it; never the subject itself.
 */
@RegisterConstructorMapper(ErasureDao.ErasureRow.class)
public interface ErasureDao {

  /** An erasure's row; {@code report} as JSON text. */
  record ErasureRow(
      String id,
      String status,
      String requestedBy,
      String report,
      String error,
      OffsetDateTime createdAt,
      OffsetDateTime endedAt) {}

  /** Starts an erasure as {@code RUNNING}; 0 when one with this id exists. */
  @SqlUpdate(
      "INSERT INTO erasures (id, subject_hash, status, requested_by) VALUES (:id, :hash, 'RUNNING', :actor) "
          + "ON CONFLICT (id) DO NOTHING")
  int insert(@Bind("id") String id, @Bind("hash") String subjectHash, @Bind("actor") String actor);

  /** Runs an erasure again (after it failed). */
  @SqlUpdate("UPDATE erasures SET status = 'RUNNING', error = NULL, ended_at = NULL WHERE id = :id")
  void restart(@Bind("id") String id);

  /**
   * Records a running erasure's report as it succeeds; 0 when it was not running (a repeated
   * activity).
   */
  @SqlUpdate(
      "UPDATE erasures SET status = 'SUCCEEDED', report = CAST(:report AS jsonb), ended_at = now() "
          + "WHERE id = :id AND status = 'RUNNING'")
  int succeed(@Bind("id") String id, @Bind("report") String reportJson);

  @SqlQuery(
      "SELECT id, status, requested_by, report::text AS report, error, created_at, ended_at FROM erasures "
          + "WHERE id = :id")
  Optional<ErasureRow> find(@Bind("id") String id);
}
