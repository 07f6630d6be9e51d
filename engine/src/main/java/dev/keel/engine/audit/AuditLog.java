package dev.keel.engine.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Appends to and checks the hash-chained audit log. Appends are serialised by a transaction-scoped
 * advisory lock, so the chain has no forks; an append made with a caller's handle commits or rolls
 * back with the change it records.
 */
public final class AuditLog {

  /** The previous hash of the first row. */
  public static final String GENESIS = "sha256:" + "0".repeat(64);

  static final long LOCK_KEY = 0x6175646974L; // "audit"

  private final Jdbi jdbi;

  public AuditLog(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Appends in a transaction of its own. */
  public AuditEntry append(
      String actor, String action, String target, String outcome, String requestId, String detail) {
    return jdbi.inTransaction(h -> append(h, actor, action, target, outcome, requestId, detail));
  }

  /** Appends within the caller's transaction. */
  public static AuditEntry append(
      Handle h,
      String actor,
      String action,
      String target,
      String outcome,
      String requestId,
      String detail) {
    return appendAll(h, List.of(new Row(actor, action, target, outcome, requestId, detail))).get(0);
  }

  /** What a caller records; the chain adds id, instant and hashes. */
  public record Row(
      String actor, String action, String target, String outcome, String requestId, String detail) {

    /** This row as entry {@code id} of the chain, after the row whose hash is {@code prev}. */
    AuditEntry follow(long id, Instant at, String prev) {
      String hash = hash(id, at, actor, action, target, outcome, requestId, detail, prev);
      return new AuditEntry(id, at, actor, action, target, outcome, requestId, detail, prev, hash);
    }
  }

  /**
   * Appends rows in order within the caller's transaction: one lock, one read of the chain's head
   * and one insert, however many rows.
   */
  public static List<AuditEntry> appendAll(Handle h, List<Row> rows) {
    AuditDao dao = h.attach(AuditDao.class);
    List<AuditEntry> entries = chain(dao.lockHead(LOCK_KEY, false), rows);
    dao.insertAll(entries);
    return entries;
  }

  /**
   * The entries that follow {@code head} (null: the chain is empty): consecutive ids, one instant,
   * each row's hash covering the one before.
   */
  static List<AuditEntry> chain(AuditDao.Last head, List<Row> rows) {
    long id = head == null ? 0 : head.id();
    String prev = head == null ? GENESIS : head.hash();
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<AuditEntry> entries = new java.util.ArrayList<>(rows.size());
    for (Row r : rows) {
      AuditEntry e = r.follow(++id, at, prev);
      entries.add(e);
      prev = e.hash();
    }
    return entries;
  }

  /** Rows after {@code afterId}, oldest first, optionally of one actor. */
  public List<AuditEntry> list(long afterId, int limit, String actor) {
    return jdbi.withExtension(AuditDao.class, dao -> dao.list(afterId, limit, actor));
  }

  /** Result of re-checking the chain. */
  public record Verification(
      boolean intact, long rowsChecked, Long firstBadId, String problem, String headHash) {}

  /**
   * Recomputes every row's hash in order and compares it with the stored one and with the next
   * row's previous hash; names the first row that no longer matches.
   */
  public Verification verify() {
    return jdbi.inTransaction(
        h -> {
          String expectedPrev = GENESIS;
          long expectedId = 1;
          long checked = 0;
          try (var rows = h.attach(AuditDao.class).all()) {
            for (AuditEntry e : (Iterable<AuditEntry>) rows::iterator) {
              if (e.id() != expectedId) {
                return new Verification(
                    false,
                    checked,
                    e.id(),
                    "row " + expectedId + " is missing (next row is " + e.id() + ")",
                    null);
              }
              if (!e.prevHash().equals(expectedPrev)) {
                return new Verification(
                    false,
                    checked,
                    e.id(),
                    "row "
                        + e.id()
                        + " does not follow the row before it "
                        + "(its previous hash is not that row's hash)",
                    null);
              }
              String recomputed =
                  hash(
                      e.id(),
                      e.at(),
                      e.actor(),
                      e.action(),
                      e.target(),
                      e.outcome(),
                      e.requestId(),
                      e.detail(),
                      e.prevHash());
              if (!recomputed.equals(e.hash())) {
                return new Verification(
                    false,
                    checked,
                    e.id(),
                    "row "
                        + e.id()
                        + " was changed after it was written "
                        + "(its contents no longer match its hash)",
                    null);
              }
              expectedPrev = e.hash();
              expectedId++;
              checked++;
            }
          }
          return new Verification(true, checked, null, null, checked == 0 ? null : expectedPrev);
        });
  }

  static String hash(
      long id,
      Instant at,
      String actor,
      String action,
      String target,
      String outcome,
      String requestId,
      String detail,
      String prev) {
    StringBuilder canonical = new StringBuilder();
    for (String field :
        new String[] {
          Long.toString(id), at.toString(), actor, action, target, outcome, requestId, detail, prev
        }) {
      // length-prefixed, so that no two different rows share a canonical form
      canonical.append(field == null ? "-1:" : field.length() + ":" + field).append('|');
    }
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
