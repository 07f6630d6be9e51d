package dev.keel.engine.serving;

import dev.keel.ml.training.ModelScorer;
import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores requests with a model's shadow version, off the request thread: the {@link Predictor}
 * hands over what the champion answered, and one background thread scores the same rows with the
 * shadow version, compares, and writes the pairs to {@code shadow_predictions}. A full queue drops
 * the request (counted in {@code keel_shadow_dropped_total}); nothing here ever reaches the caller.
 *
 * <p>Agreement: a classification agrees when both labels are identical; a regression when the
 * shadow's value is within 10% of the champion's ({@code |s - c| <= 0.1 * max(|c|, 1)}, so values
 * near zero are compared within 0.1).
 */
public final class ShadowScoring implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(ShadowScoring.class);

  /** The relative tolerance within which two regression predictions agree. */
  public static final double TOLERANCE = 0.1;

  private final Jdbi jdbi;
  private final ServingMetrics metrics;
  private final ExecutorService executor;
  private final Map<String, long[]> agreement = new ConcurrentHashMap<>();
  private final AtomicLong scored = new AtomicLong();

  public ShadowScoring(Jdbi jdbi, ServingMetrics metrics, int queueCapacity) {
    this.jdbi = jdbi;
    this.metrics = metrics;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(queueCapacity),
            r -> {
              Thread t = new Thread(r, "keel-shadow-scoring");
              t.setDaemon(true);
              return t;
            });
  }

  /** Whether two predictions agree (identical labels, or values within {@link #TOLERANCE}). */
  public static boolean agrees(String label, Double value, String otherLabel, Double otherValue) {
    if (label != null || otherLabel != null) {
      return Objects.equals(label, otherLabel);
    }
    if (value == null || otherValue == null) {
      return value == null && otherValue == null;
    }
    return Math.abs(otherValue - value) <= TOLERANCE * Math.max(Math.abs(value), 1);
  }

  /** Queues the rows the champion answered for the shadow version of {@code served}. */
  void offer(
      ServingRegistry.Served served,
      int championVersion,
      List<Map<String, Object>> rows,
      List<Prediction> champion,
      List<UUID> ids,
      double championMillis) {
    ServingRegistry.Loaded shadow = served.shadow();
    try {
      executor.execute(
          () -> score(served, shadow, championVersion, rows, champion, ids, championMillis));
    } catch (RejectedExecutionException full) {
      metrics.shadowDropped.labels(served.model()).inc();
    }
  }

  private void score(
      ServingRegistry.Served served,
      ServingRegistry.Loaded shadow,
      int championVersion,
      List<Map<String, Object>> rows,
      List<Prediction> champion,
      List<UUID> ids,
      double championMillis) {
    try {
      long start = System.nanoTime();
      List<ModelScorer.Scored> scores = shadow.scorer().predictAll(rows);
      double millis = (System.nanoTime() - start) / 1e6;
      List<String> labels = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      List<Boolean> agrees = new ArrayList<>();
      long agreed = 0;
      for (int i = 0; i < scores.size(); i++) {
        ModelScorer.Scored s = scores.get(i);
        Prediction c = champion.get(i);
        boolean same = agrees(c.label(), c.value(), s.label(), s.value());
        agreed += same ? 1 : 0;
        labels.add(s.label());
        values.add(s.value());
        agrees.add(same);
      }
      jdbi.useExtension(
          ShadowDao.class,
          dao ->
              dao.insert(
                  served.modelId(),
                  shadow.version(),
                  ids,
                  championVersion,
                  labels,
                  values,
                  agrees,
                  millis,
                  championMillis));
      String version = Integer.toString(shadow.version());
      metrics.shadowPredictions.labels(served.model(), version).inc(scores.size());
      long[] counts =
          agreement.computeIfAbsent(served.model() + "\u0000" + version, k -> new long[2]);
      synchronized (counts) {
        counts[0] += agreed;
        counts[1] += scores.size();
        metrics
            .shadowAgreement
            .labels(served.model(), version)
            .set(counts[1] == 0 ? 0 : (double) counts[0] / counts[1]);
      }
      scored.addAndGet(scores.size());
    } catch (RuntimeException e) {
      LOG.warn(
          "shadow version {} of model '{}' could not score a request",
          shadow.version(),
          served.model(),
          e);
    }
  }

  /** Predictions scored by shadow versions on this engine since it started. */
  public long scored() {
    return scored.get();
  }

  @Override
  public void start() {}

  @Override
  public void stop() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
