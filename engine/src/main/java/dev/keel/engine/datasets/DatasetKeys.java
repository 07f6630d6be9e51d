package dev.keel.engine.datasets;

import dev.keel.workers.artifacts.ArtifactStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The data keys of dataset versions ({@code dataset_version_keys}): recorded when a version is stored, destroyed by
 * an erasure (crypto-shredding: the stored bytes stay, nothing can open them).
 */
public final class DatasetKeys {

  /** When and by which erasure a version's key was destroyed. */
  public record Destroyed(Instant at, String by) {}

  private final Jdbi jdbi;
  private final ArtifactStore artifacts;

  public DatasetKeys(Jdbi jdbi, ArtifactStore artifacts) {
    this.jdbi = jdbi;
    this.artifacts = artifacts;
  }

  /** Records the key of a stored version (once; a version stored again keeps its first row). */
  void record(Handle h, String version) {
    var wrapped = artifacts.wrappedKey(version);
    h.createUpdate("INSERT INTO dataset_version_keys (version, key_id, wrapped_key) VALUES (:v, :id, :key) "
            + "ON CONFLICT (version) DO NOTHING")
        .bind("v", version).bind("id", wrapped.map(w -> w.keyId()).orElse(null))
        .bind("key", wrapped.map(w -> w.sealed()).orElse(null)).execute();
  }

  /** Whether and how a version's key was destroyed. */
  public Optional<Destroyed> destroyed(String version) {
    return jdbi.withHandle(h -> h.createQuery("SELECT destroyed_at, destroyed_by FROM dataset_version_keys "
            + "WHERE version = :v AND destroyed_at IS NOT NULL")
        .bind("v", version)
        .map((rs, ctx) -> new Destroyed(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2)))
        .findOne());
  }

  /**
   * Destroys a version's key: the row's sealed key is wiped and the stored object is rewritten without the copy in
   * its header, so no configured key opens the bytes any more. Safe to repeat.
   */
  public void destroy(String version, String erasureId) {
    jdbi.useTransaction(h -> h.createUpdate("""
            INSERT INTO dataset_version_keys (version, key_id, wrapped_key, destroyed_at, destroyed_by)
            VALUES (:v, NULL, NULL, now(), :by)
            ON CONFLICT (version) DO UPDATE SET wrapped_key = NULL,
              destroyed_at = COALESCE(dataset_version_keys.destroyed_at, now()),
              destroyed_by = COALESCE(dataset_version_keys.destroyed_by, :by)""")
        .bind("v", version).bind("by", erasureId).execute());
    artifacts.shred(version, "by " + erasureId);
  }
}
