package dev.keel.engine.serving;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.onnx.OnnxScorer;
import dev.keel.ml.onnx.OnnxSpec;
import dev.keel.ml.training.ModelScorer;
import dev.keel.ml.training.RowScorer;
import dev.keel.workflows.contract.ColumnSpec;
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
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models this engine serves, converging on {@code serving_state}. Requests read one immutable
 * {@link Snapshot} from an {@link AtomicReference}; a change loads the new artifacts first, off the
 * request path, then swaps in a new snapshot, so switching versions never fails or drops a request
 * (one that already holds the old snapshot finishes with it). Every engine polls PostgreSQL every
 * {@code pollMillis}: one indexed {@code max(generation)} query, and the changed rows only when it
 * moved; a local deployment refreshes at once.
 *
 * <p>A version is loaded by its {@code format}: {@code keel} as a Tribuo model, {@code onnx} as an
 * ONNX Runtime session (opened once per served version and shared by all requests; closed a minute
 * after it stops being served, so that requests still holding it finish), {@code external} not at
 * all (an MLflow source not yet imported).
 */
public final class ServingRegistry implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(ServingRegistry.class);

  /** A loaded model version. */
  public record Loaded(
      int version, String artifact, List<ColumnSpec> signature, RowScorer scorer) {}

  /** What one model serves: a champion, and a canary with its share of requests. */
  public record Served(
      long modelId,
      String model,
      String task,
      long generation,
      Loaded champion,
      Loaded canary,
      double canaryShare,
      String subjectColumn,
      Loaded shadow,
      double shadowShare) {

    /**
     * Whether the shadow version also scores one request the champion answered: for a random {@code
     * shadowShare} of them.
     */
    public boolean shadows() {
      return shadow != null && ThreadLocalRandom.current().nextDouble() < shadowShare;
    }

    /**
     * The version that answers one request: the canary for a random {@code canaryShare} of
     * requests.
     */
    public Loaded route() {
      return canary != null && ThreadLocalRandom.current().nextDouble() < canaryShare
          ? canary
          : champion;
    }

    /** The served version {@code version} (the champion or the canary), if it is served. */
    public Optional<Loaded> version(int version) {
      if (champion.version() == version) {
        return Optional.of(champion);
      }
      return canary != null && canary.version() == version ? Optional.of(canary) : Optional.empty();
    }

    /** The served versions, the champion first. */
    public List<Loaded> versions() {
      return canary == null ? List.of(champion) : List.of(champion, canary);
    }

    /** What is served, for messages: {@code version 2} or {@code version 2 and canary 3}. */
    public String describe() {
      return "version "
          + champion.version()
          + (canary == null ? "" : " and canary version " + canary.version());
    }
  }

  /** Everything served, as of a generation. */
  record Snapshot(long generation, Map<String, Served> models) {}

  /** A changed row of {@code serving_state} with what is needed to load it. */
  public record ChangedRow(
      long modelId,
      String model,
      String task,
      String subjectColumn,
      int version,
      Integer canaryVersion,
      double canaryShare,
      long generation,
      String artifact,
      String signature,
      String format,
      String onnxSpec,
      String canaryArtifact,
      String canarySignature,
      String canaryFormat,
      String canaryOnnxSpec,
      Integer shadowVersion,
      double shadowShare,
      String shadowArtifact,
      String shadowSignature,
      String shadowFormat,
      String shadowOnnxSpec) {}

  private static final TypeReference<List<ColumnSpec>> SIGNATURE = new TypeReference<>() {};

  private final Jdbi jdbi;
  private final ArtifactStore artifacts;
  private final ObjectMapper json;
  private final long pollMillis;
  private final AtomicReference<Snapshot> snapshot =
      new AtomicReference<>(new Snapshot(0, Map.of()));
  private final Map<String, RowScorer> scorers = new ConcurrentHashMap<>();
  private final Consumer<Served> onServed;
  private ScheduledExecutorService poller;
  private volatile boolean loadedOnce;
  private volatile boolean loadFailures;

  public ServingRegistry(Jdbi jdbi, ArtifactStore artifacts, ObjectMapper json, long pollMillis) {
    this(jdbi, artifacts, json, pollMillis, served -> {});
  }

  /**
   * As above, telling {@code onServed} of every model as soon as this engine serves what changed.
   */
  public ServingRegistry(
      Jdbi jdbi,
      ArtifactStore artifacts,
      ObjectMapper json,
      long pollMillis,
      Consumer<Served> onServed) {
    this.jdbi = jdbi;
    this.artifacts = artifacts;
    this.json = json;
    this.pollMillis = pollMillis;
    this.onServed = onServed;
  }

  /** What {@code model} serves, if it is deployed (as far as this engine has converged). */
  public Optional<Served> served(String model) {
    return Optional.ofNullable(snapshot.get().models().get(model));
  }

  /**
   * Whether this engine serves everything {@code serving_state} asks it to: it has read the state
   * at least once and every model's served versions loaded. A later failure to read the state (the
   * database away) does not clear it, since what is loaded keeps serving.
   */
  public boolean ready() {
    return loadedOnce && !loadFailures;
  }

  /** The generation this engine serves. */
  public long generation() {
    return snapshot.get().generation();
  }

  @Override
  public void start() {
    refreshQuietly();
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "keel-serving-poller");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(
        this::refreshQuietly, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
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
   * Converges on {@code serving_state}: loads what changed since the served generation and swaps
   * the snapshot. A model whose artifact cannot be loaded keeps serving what it served, and is
   * tried again at the next refresh.
   */
  public synchronized void refresh() {
    Snapshot current = snapshot.get();
    long latest = jdbi.withExtension(DeploymentDao.class, DeploymentDao::latestGeneration);
    if (latest <= current.generation()) {
      loadedOnce = true;
      return;
    }
    List<ChangedRow> changed =
        jdbi.withExtension(DeploymentDao.class, dao -> dao.changedSince(current.generation()));
    Map<String, Served> models = new HashMap<>(current.models());
    long generation = current.generation();
    long failedBelow = Long.MAX_VALUE;
    for (ChangedRow row : changed) {
      try {
        Loaded champion =
            load(row.version(), row.artifact(), row.signature(), row.format(), row.onnxSpec());
        Loaded canary =
            row.canaryVersion() == null
                ? null
                : load(
                    row.canaryVersion(),
                    row.canaryArtifact(),
                    row.canarySignature(),
                    row.canaryFormat(),
                    row.canaryOnnxSpec());
        Loaded shadow =
            row.shadowVersion() == null
                ? null
                : load(
                    row.shadowVersion(),
                    row.shadowArtifact(),
                    row.shadowSignature(),
                    row.shadowFormat(),
                    row.shadowOnnxSpec());
        models.put(
            row.model(),
            new Served(
                row.modelId(),
                row.model(),
                row.task(),
                row.generation(),
                champion,
                canary,
                row.canaryShare(),
                row.subjectColumn(),
                shadow,
                row.shadowShare()));
        generation = Math.max(generation, row.generation());
      } catch (RuntimeException e) {
        LOG.error(
            "cannot load version {} of model '{}' for serving; it keeps serving its previous version",
            row.version(),
            row.model(),
            e);
        failedBelow = Math.min(failedBelow, row.generation() - 1);
      }
    }
    snapshot.set(new Snapshot(Math.min(generation, failedBelow), Map.copyOf(models)));
    loadFailures = failedBelow != Long.MAX_VALUE;
    loadedOnce = true;
    evictUnused(models);
    for (ChangedRow row : changed) {
      Served now = models.get(row.model());
      if (now != null && now.generation() == row.generation()) {
        onServed.accept(now);
      }
    }
  }

  private Loaded load(
      int version, String artifact, String signature, String format, String onnxSpec) {
    try {
      if ("onnx".equals(format)) {
        OnnxSpec spec = json.readValue(onnxSpec, OnnxSpec.class);
        RowScorer scorer =
            scorers.computeIfAbsent(
                key(artifact, format, onnxSpec),
                k -> OnnxScorer.open(artifacts.getVerified(artifact), spec));
        return new Loaded(version, artifact, spec.signature(), scorer);
      }
      if (!"keel".equals(format)) {
        throw new IllegalStateException(
            "version " + version + " has format '" + format + "' and cannot be served");
      }
      RowScorer scorer =
          scorers.computeIfAbsent(
              key(artifact, format, null), k -> ModelScorer.load(artifacts, artifact));
      return new Loaded(
          version, artifact, List.copyOf(json.readValue(signature, SIGNATURE)), scorer);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("signature of version " + version + " is not readable", e);
    }
  }

  /**
   * Scorers are shared by versions with the same artifact (and, for ONNX, the same way of feeding
   * it).
   */
  private static String key(String artifact, String format, String onnxSpec) {
    return format + ":" + artifact + (onnxSpec == null ? "" : ":" + onnxSpec);
  }

  private void evictUnused(Map<String, Served> models) {
    Set<RowScorer> used = new HashSet<>();
    for (Served s : models.values()) {
      used.add(s.champion().scorer());
      if (s.canary() != null) {
        used.add(s.canary().scorer());
      }
      if (s.shadow() != null) {
        used.add(s.shadow().scorer());
      }
    }
    scorers
        .entrySet()
        .removeIf(
            e -> {
              if (used.contains(e.getValue())) {
                return false;
              }
              if (e.getValue() instanceof OnnxScorer onnx) {
                closeLater(onnx);
              }
              return true;
            });
  }

  /**
   * Closes an ONNX session that is no longer served, once requests that still hold it have
   * finished.
   */
  private void closeLater(OnnxScorer scorer) {
    if (poller == null || poller.isShutdown()) {
      scorer.close();
      return;
    }
    poller.schedule(
        () -> {
          try {
            scorer.close();
          } catch (RuntimeException e) {
            LOG.warn("could not close an ONNX session no longer served", e);
          }
        },
        60,
        TimeUnit.SECONDS);
  }
}
