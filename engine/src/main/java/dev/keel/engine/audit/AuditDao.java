package dev.keel.engine.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethodsList;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The hash-chained audit log ({@code audit_log}); {@link AuditLog} keeps the chain. */
@RegisterRowMapper(AuditDao.EntryMapper.class)
public interface AuditDao extends SqlObject {

  /** The chain's head: the last row's id and hash. */
  record Last(long id, String hash) {}

  /**
   * Inserts chained entries with one multi-row statement: one round trip, atomic on its own (also
   * in autocommit).
   */
  @SqlUpdate(
      """
      INSERT INTO audit_log (id, at, actor, action, target, outcome, request_id, detail, prev_hash, hash)
      VALUES <rows>""")
  void insertAll(
      @BindMethodsList(
              value = "rows",
              methodNames = {
                "id",
                "atUtc",
                "actor",
                "action",
                "target",
                "outcome",
                "requestId",
                "detail",
                "prevHash",
                "hash"
              })
          List<AuditEntry> rows);

  /**
   * Takes the chain's lock (until the transaction ends, or with {@code session} until {@link
   * #unlock}), then reads its head (null when empty). Both statements travel in one round trip; the
   * read runs after the lock is granted and with a snapshot of its own (READ COMMITTED takes one
   * per statement), so it sees every row appended before.
   */
  default Last lockHead(long key, boolean session) {
    try (java.sql.Statement statement = getHandle().getConnection().createStatement()) {
      statement.execute(
          "SELECT "
              + (session ? "pg_advisory_lock(" : "pg_advisory_xact_lock(")
              + key
              + "); SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
      if (!statement.getMoreResults()) {
        throw new IllegalStateException("the audit log's head query returned no result set");
      }
      try (ResultSet head = statement.getResultSet()) {
        return head.next() ? new Last(head.getLong(1), head.getString(2)) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not lock the audit log and read its head", e);
    }
  }

  /** Releases a lock taken by {@link #lockHead} with {@code session}. */
  @SqlQuery("SELECT pg_advisory_unlock(:key)")
  boolean unlock(@Bind("key") long key);

  /** Rows after {@code afterId}, oldest first, only {@code actor}'s when given. */
  @SqlQuery(
      "SELECT * FROM audit_log WHERE id > :after AND (CAST(:actor AS TEXT) IS NULL OR actor = :actor) "
          + "ORDER BY id LIMIT :limit")
  List<AuditEntry> list(
      @Bind("after") long afterId, @Bind("limit") int limit, @Bind("actor") String actor);

  /**
   * Every row, oldest first, fetched a thousand at a time (inside a transaction); close the stream.
   */
  @SqlQuery("SELECT * FROM audit_log ORDER BY id")
  @FetchSize(1000)
  Stream<AuditEntry> all();

  /** Maps a row as stored: the instant as written (microseconds), which the row's hash covers. */
  final class EntryMapper implements RowMapper<AuditEntry> {
    @Override
    public AuditEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new AuditEntry(
          rs.getLong("id"),
          rs.getObject("at", OffsetDateTime.class).toInstant(),
          rs.getString("actor"),
          rs.getString("action"),
          rs.getString("target"),
          rs.getString("outcome"),
          rs.getString("request_id"),
          rs.getString("detail"),
          rs.getString("prev_hash"),
          rs.getString("hash"));
    }
  }
}
