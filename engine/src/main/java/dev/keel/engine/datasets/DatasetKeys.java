package dev.keel.engine.datasets;

import dev.keel.ml.artifacts.ArtifactStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The data keys of dataset versions ({@code dataset_version_keys}): recorded when a version is
 * stored, destroyed by an erasure (crypto-shredding: the stored bytes stay, nothing can open them).
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
    h.attach(DatasetDao.class)
        .recordKey(
            version,
            wrapped.map(w -> w.keyId()).orElse(null),
            wrapped.map(w -> w.sealed()).orElse(null));
  }

  /** Whether and how a version's key was destroyed. */
  public Optional<Destroyed> destroyed(String version) {
    return jdbi.withExtension(DatasetDao.class, dao -> dao.destroyedKey(version))
        .map(k -> new Destroyed(k.destroyedAt().toInstant(), k.destroyedBy()));
  }

  /**
   * Destroys a version's key: the row's sealed key is wiped and the stored object is rewritten
   * without the copy in its header, so no configured key opens the bytes any more; the version's
   * reservoir sample (rows of the same data) is shredded with it. Safe to repeat.
   */
  public void destroy(String version, String erasureId) {
    jdbi.useExtension(DatasetDao.class, dao -> dao.destroyKey(version, erasureId));
    artifacts.shred(version, "by " + erasureId);
    for (String sample : jdbi.withExtension(DatasetDao.class, dao -> dao.samplesOf(version))) {
      if (artifacts.exists(sample)) {
        artifacts.shred(sample, "by " + erasureId + " (the sample of " + version + ")");
      }
    }
  }
}
