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

  /** Inserts rows whose ids and hashes {@link AuditLog} already chained, in one JDBC batch. */
  @org.jdbi.v3.sqlobject.statement.SqlBatch(
      """
      INSERT INTO audit_log (id, at, actor, action, target, outcome, request_id, detail, prev_hash, hash)
      VALUES (:id, :atOffset, :actor, :action, :target, :outcome, :requestId, :detail, :prevHash, :hash)""")
  void insertAll(@org.jdbi.v3.sqlobject.customizer.BindMethods List<Chained> rows);

  /** A row ready to insert: an entry with its instant as the column's type. */
  record Chained(AuditEntry entry) {
    public long id() {
      return entry.id();
    }

    public OffsetDateTime atOffset() {
      return OffsetDateTime.ofInstant(entry.at(), java.time.ZoneOffset.UTC);
    }

    public String actor() {
      return entry.actor();
    }

    public String action() {
      return entry.action();
    }

    public String target() {
      return entry.target();
    }

    public String outcome() {
      return entry.outcome();
    }

    public String requestId() {
      return entry.requestId();
    }

    public String detail() {
      return entry.detail();
    }

    public String prevHash() {
      return entry.prevHash();
    }

    public String hash() {
      return entry.hash();
    }
  }

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
