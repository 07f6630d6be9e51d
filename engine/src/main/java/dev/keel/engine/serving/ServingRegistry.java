package dev.keel.engine.serving;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.workers.artifacts.ArtifactStore;
import dev.keel.workers.training.ModelScorer;
import dev.keel.workflows.training.ColumnSpec;
import io.dropwizard.lifecycle.Managed;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models this engine serves, converging on {@code serving_state}. Requests read one immutable {@link Snapshot}
 * from an {@link AtomicReference}; a change loads the new artifacts first, off the request path, then swaps in a
 * new snapshot, so switching versions never fails or drops a request (one that already holds the old snapshot
 * finishes with it). Every engine polls PostgreSQL every {@code pollMillis}: one indexed {@code max(generation)}
 * query, and the changed rows only when it moved; a local deployment refreshes at once.
 */
public final class ServingRegistry implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(ServingRegistry.class);

  /** A loaded model version. */
  public record Loaded(int version, String artifact, List<ColumnSpec> signature, ModelScorer scorer) {}

  /** What one model serves: a champion, and a canary with its share of requests. */
  public record Served(long modelId, String model, String task, long generation, Loaded champion, Loaded canary,
      double canaryShare) {

    /** The version that answers one request: the canary for a random {@code canaryShare} of requests. */
    public Loaded route() {
      return canary != null && ThreadLocalRandom.current().nextDouble() < canaryShare ? canary : champion;
    }
  }

  /** Everything served, as of a generation. */
  record Snapshot(long generation, Map<String, Served> models) {}

  /** A changed row of {@code serving_state} with what is needed to load it. */
  public record ChangedRow(long modelId, String model, String task, int version, Integer canaryVersion,
      double canaryShare, long generation, String artifact, String signature, String canaryArtifact,
      String canarySignature) {}

  private static final TypeReference<List<ColumnSpec>> SIGNATURE = new TypeReference<>() {};

  private final Jdbi jdbi;
  private final ArtifactStore artifacts;
  private final ObjectMapper json;
  private final long pollMillis;
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(0, Map.of()));
  private final Map<String, ModelScorer> scorers = new ConcurrentHashMap<>();
  private ScheduledExecutorService poller;

  public ServingRegistry(Jdbi jdbi, ArtifactStore artifacts, ObjectMapper json, long pollMillis) {
    this.jdbi = jdbi;
    this.artifacts = artifacts;
    this.json = json;
    this.pollMillis = pollMillis;
  }

  /** What {@code model} serves, if it is deployed (as far as this engine has converged). */
  public Optional<Served> served(String model) {
    return Optional.ofNullable(snapshot.get().models().get(model));
  }

  /** The generation this engine serves. */
  public long generation() {
    return snapshot.get().generation();
  }

  @Override
  public void start() {
    refreshQuietly();
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "keel-serving-poller");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(this::refreshQuietly, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warn("serving refresh failed; will retry", e);
    }
  }

  /**
   * Converges on {@code serving_state}: loads what changed since the served generation and swaps the snapshot. A
   * model whose artifact cannot be loaded keeps serving what it served, and is tried again at the next refresh.
   */
  public synchronized void refresh() {
    Snapshot current = snapshot.get();
    long latest = jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(generation), 0) FROM serving_state")
        .mapTo(Long.class).one());
    if (latest <= current.generation()) {
      return;
    }
    List<ChangedRow> changed = jdbi.withHandle(h -> h.createQuery("""
            SELECT s.model_id, m.name AS model, m.task, s.version, s.canary_version, s.canary_share, s.generation,
                   v.artifact, v.signature::text AS signature, c.artifact AS canary_artifact,
                   c.signature::text AS canary_signature
            FROM serving_state s JOIN models m ON m.id = s.model_id
            JOIN model_versions v ON v.model_id = s.model_id AND v.version = s.version
            LEFT JOIN model_versions c ON c.model_id = s.model_id AND c.version = s.canary_version
            WHERE s.generation > :seen""")
        .bind("seen", current.generation()).map(org.jdbi.v3.core.mapper.reflect.ConstructorMapper.of(ChangedRow.class))
        .list());
    Map<String, Served> models = new HashMap<>(current.models());
    long generation = current.generation();
    long failedBelow = Long.MAX_VALUE;
    for (ChangedRow row : changed) {
      try {
        Loaded champion = load(row.version(), row.artifact(), row.signature());
        Loaded canary = row.canaryVersion() == null ? null
            : load(row.canaryVersion(), row.canaryArtifact(), row.canarySignature());
        models.put(row.model(), new Served(row.modelId(), row.model(), row.task(), row.generation(), champion, canary,
            row.canaryShare()));
        generation = Math.max(generation, row.generation());
      } catch (RuntimeException e) {
        LOG.error("cannot load version {} of model '{}' for serving; it keeps serving its previous version",
            row.version(), row.model(), e);
        failedBelow = Math.min(failedBelow, row.generation() - 1);
      }
    }
    snapshot.set(new Snapshot(Math.min(generation, failedBelow), Map.copyOf(models)));
    evictUnused(models);
  }

  private Loaded load(int version, String artifact, String signature) {
    ModelScorer scorer = scorers.computeIfAbsent(artifact, a -> ModelScorer.load(artifacts, a));
    try {
      return new Loaded(version, artifact, List.copyOf(json.readValue(signature, SIGNATURE)), scorer);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("signature of version " + version + " is not readable", e);
    }
  }

  private void evictUnused(Map<String, Served> models) {
    Set<String> used = new HashSet<>();
    for (Served s : models.values()) {
      used.add(s.champion().artifact());
      if (s.canary() != null) {
        used.add(s.canary().artifact());
      }
    }
    scorers.keySet().retainAll(used);
  }
}
