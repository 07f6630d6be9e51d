package dev.keel.engine.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The hash-chained audit log ({@code audit_log}); {@link AuditLog} keeps the chain. */
@RegisterRowMapper(AuditDao.EntryMapper.class)
public interface AuditDao {

  /** The chain's head: the last row's id and hash. */
  record Last(long id, String hash) {}

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
