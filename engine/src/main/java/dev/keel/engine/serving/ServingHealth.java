package dev.keel.engine.serving;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request health per model version across every engine, for canary checks: each engine counts its
 * requests, errors and latencies (a fixed histogram) per 5-second bucket in memory, adds them to
 * {@code serving_health} in PostgreSQL every flush interval, and a health check sums every engine's
 * rows of its window. So a canary whose traffic is spread over several engines is judged on all of
 * it. This engine's own counts are flushed before each check; another engine's latest flush
 * interval may not be counted yet.
 *
 * <p>The 95th percentile latency is read from the summed histogram: the upper bound of the bucket
 * that holds it (bounds grow by a quarter from 0.25 ms to 2 minutes), so it is at most 25% above
 * the exact value.
 */
public final class ServingHealth implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(ServingHealth.class);
  static final long BUCKET_MILLIS = 5_000;
  private static final Duration KEEP = Duration.ofDays(1);

  /** Upper bounds of the latency buckets, in seconds; a last bucket counts everything slower. */
  static final double[] BOUNDS = bounds();

  /**
   * Health of one version over a window: requests, failed requests and the 95th percentile latency.
   */
  public record VersionHealth(int version, long requests, long errors, double p95LatencySeconds) {}

  private record Key(String model, int version, long bucket) {}

  private record Counts(LongAdder requests, LongAdder errors, AtomicLongArray latency) {
    Counts() {
      this(new LongAdder(), new LongAdder(), new AtomicLongArray(BOUNDS.length + 1));
    }
  }

  private final Jdbi jdbi;
  private final long flushMillis;
  private final String engine = "engine-" + UUID.randomUUID();
  private final ConcurrentHashMap<Key, Counts> pending = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;
  private long flushes;

  public ServingHealth(Jdbi jdbi, long flushMillis) {
    this.jdbi = jdbi;
    this.flushMillis = flushMillis;
  }

  /** Counts one answered (or failed) predict request of {@code model}'s {@code version}. */
  void record(String model, int version, double seconds, boolean error) {
    long bucket = System.currentTimeMillis() / BUCKET_MILLIS * BUCKET_MILLIS;
    int latency = bucketOf(seconds);
    // counted inside compute, which excludes the flush's remove of the same key: no count falls
    // between the two
    pending.compute(
        new Key(model, version, bucket),
        (key, counts) -> {
          Counts c = counts == null ? new Counts() : counts;
          c.requests().increment();
          if (error) {
            c.errors().increment();
          }
          c.latency().incrementAndGet(latency);
          return c;
        });
  }

  /**
   * Per version of {@code model}: every engine's requests within {@code window}, failures and p95
   * latency.
   */
  public Map<Integer, VersionHealth> health(String model, Duration window) {
    flush();
    OffsetDateTime since =
        OffsetDateTime.ofInstant(
            Instant.ofEpochMilli(
                (System.currentTimeMillis() - window.toMillis()) / BUCKET_MILLIS * BUCKET_MILLIS),
            ZoneOffset.UTC);
    Map<Integer, VersionHealth> out = new TreeMap<>();
    for (ServingHealthDao.Totals t :
        jdbi.withExtension(ServingHealthDao.class, dao -> dao.totals(model, since))) {
      out.put(
          t.version(), new VersionHealth(t.version(), t.requests(), t.errors(), p95(t.latency())));
    }
    return out;
  }

  /** Adds what this engine counted since the last flush to PostgreSQL. */
  synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<String> models = new ArrayList<>();
    List<Integer> versions = new ArrayList<>();
    List<OffsetDateTime> buckets = new ArrayList<>();
    List<Long> requests = new ArrayList<>();
    List<Long> errors = new ArrayList<>();
    List<long[]> latency = new ArrayList<>();
    for (Key key : List.copyOf(pending.keySet())) {
      Counts counts = pending.remove(key);
      models.add(key.model());
      versions.add(key.version());
      buckets.add(OffsetDateTime.ofInstant(Instant.ofEpochMilli(key.bucket()), ZoneOffset.UTC));
      requests.add(counts.requests().sum());
      errors.add(counts.errors().sum());
      long[] histogram = new long[counts.latency().length()];
      for (int i = 0; i < histogram.length; i++) {
        histogram[i] = counts.latency().get(i);
      }
      latency.add(histogram);
    }
    jdbi.useExtension(
        ServingHealthDao.class,
        dao -> {
          dao.add(models, versions, buckets, engine, requests, errors, latency);
          if (++flushes % 600 == 1) {
            dao.deleteBefore(OffsetDateTime.now(ZoneOffset.UTC).minus(KEEP));
          }
        });
  }

  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "keel-serving-health");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
    flushQuietly();
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("serving health not written; its counts are dropped", e);
    }
  }

  static int bucketOf(double seconds) {
    for (int i = 0; i < BOUNDS.length; i++) {
      if (seconds <= BOUNDS[i]) {
        return i;
      }
    }
    return BOUNDS.length;
  }

  static double p95(Long[] histogram) {
    long total = 0;
    for (Long n : histogram) {
      total += n == null ? 0 : n;
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(0.95 * total);
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i] == null ? 0 : histogram[i];
      if (seen >= rank) {
        return i < BOUNDS.length ? BOUNDS[i] : BOUNDS[BOUNDS.length - 1] * 1.25;
      }
    }
    return BOUNDS[BOUNDS.length - 1];
  }

  private static double[] bounds() {
    List<Double> bounds = new ArrayList<>();
    for (double b = 0.00025; b <= 120; b *= 1.25) {
      bounds.add(b);
    }
    return bounds.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
