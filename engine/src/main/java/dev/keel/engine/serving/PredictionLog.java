package dev.keel.engine.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.api.DatabaseUnavailable;
import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction log, written asynchronously so that logging never holds up serving. Predictions go
 * into a bounded queue; one writer thread writes them with one multi-row INSERT per batch ({@code
 * logBatchSize} rows), at the latest {@code logFlushMillis} after they were queued. While the
 * database is unavailable the writer keeps its batch and retries it with backoff (up to every 2 s)
 * until the database is back; the rows are written once (by prediction id). When the queue is full
 * the prediction is still served, but not logged: it is dropped and counted in {@code
 * keel_prediction_log_dropped_total{model}} (serving must not block on the database), as is a batch
 * that fails for another reason and whatever is still unwritten when the engine stops without a
 * database. So predictions answered = rows logged + dropped. {@link #flush} lets a reader
 * (feedback) wait until everything queued before it is written.
 */
public final class PredictionLog implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);
  private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

  /** A prediction waiting to be written. */
  record Entry(
      UUID id,
      long modelId,
      String model,
      int version,
      Map<String, Object> inputs,
      Prediction output,
      long createdAtMillis) {}

  private final Jdbi jdbi;
  private final ObjectMapper json;
  private final ServingMetrics metrics;
  private final int batchSize;
  private final long flushMillis;
  private final BlockingQueue<Entry> queue;
  private final Semaphore wake = new Semaphore(0);
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> flushes =
      new ConcurrentLinkedQueue<>();
  private volatile boolean running;
  private Thread writer;
  // owned by the writer thread: the batch in hand (kept while the database is unavailable), the
  // flushes waiting
  // for it, and the current retry interval (0 while writes succeed)
  private final List<Entry> pending = new ArrayList<>();
  private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
  private long retryMillis;
  private long unavailableSince;
  private static final long MIN_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 2_000;

  public PredictionLog(
      Jdbi jdbi,
      ObjectMapper json,
      ServingMetrics metrics,
      int batchSize,
      int capacity,
      long flushMillis) {
    this.jdbi = jdbi;
    this.json = json;
    this.metrics = metrics;
    this.batchSize = batchSize;
    this.flushMillis = flushMillis;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /**
   * Queues a prediction for logging; never blocks. Returns false (and counts it) when the queue is
   * full.
   */
  public boolean offer(
      UUID id,
      long modelId,
      String model,
      int version,
      Map<String, Object> inputs,
      Prediction output) {
    if (!queue.offer(
        new Entry(id, modelId, model, version, inputs, output, System.currentTimeMillis()))) {
      metrics.logDropped.labels(model).inc();
      return false;
    }
    if (queue.size() >= batchSize) {
      wake.release();
    }
    return true;
  }

  /** Waits until every prediction queued before this call is written (or the timeout passes). */
  public void flush(long timeoutMillis) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    flushes.add(done);
    wake.release();
    try {
      done.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("prediction log flush did not finish within {} ms", timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.warn("prediction log flush failed", e.getCause());
    }
  }

  /** The most recent logged inputs of a model, newest first (for drift checks). */
  public List<Map<String, Object>> recentInputs(long modelId, int limit) {
    return jdbi
        .withExtension(PredictionLogDao.class, dao -> dao.recentInputs(modelId, limit))
        .stream()
        .map(this::parse)
        .toList();
  }

  /** A logged prediction read back: the version that answered, its inputs and its output. */
  public record Logged(int version, Map<String, Object> inputs, Prediction output) {}

  /** The most recent logged predictions of a model, newest first (for drift checks). */
  public List<Logged> recent(long modelId, int limit) {
    return jdbi.withExtension(PredictionLogDao.class, dao -> dao.recent(modelId, limit)).stream()
        .map(
            l -> {
              Prediction output;
              try {
                output = l.output() == null ? null : json.readValue(l.output(), Prediction.class);
              } catch (JsonProcessingException e) {
                output = null;
              }
              return new Logged(l.version(), parse(l.inputs()), output);
            })
        .toList();
  }

  private Map<String, Object> parse(String text) {
    try {
      return json.readValue(text, ROW);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("logged inputs are not a JSON object", e);
    }
  }

  /** Predictions waiting to be written. */
  public int queued() {
    return queue.size();
  }

  @Override
  public void start() {
    running = true;
    writer = new Thread(this::run, "keel-prediction-log");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    wake.release();
    writer.join(10_000);
  }

  private void run() {
    while (running || !queue.isEmpty() || !pending.isEmpty()) {
      try {
        if (retryMillis > 0) {
          Thread.sleep(retryMillis); // the database is unavailable: offers must not make this spin
        } else {
          wake.tryAcquire(flushMillis, TimeUnit.MILLISECONDS);
        }
        wake.drainPermits();
        for (CompletableFuture<Void> f; (f = flushes.poll()) != null; ) {
          waiting.add(f);
        }
        if (drain()) {
          waiting.forEach(f -> f.complete(null));
          waiting.clear();
        } else if (!running) {
          dropAll("the engine stops while the database is unavailable");
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        dropAll("the prediction log writer was interrupted");
        return;
      }
    }
  }

  /**
   * Writes everything queued, a batch at a time; true when the queue was emptied. While the
   * database is unavailable the batch in hand is kept and retried with backoff (the queue meanwhile
   * fills, and when it is full further predictions are dropped and counted); a batch that fails for
   * any other reason is dropped and counted.
   */
  private boolean drain() {
    while (!pending.isEmpty() || queue.drainTo(pending, batchSize) > 0) {
      try {
        write(pending);
      } catch (RuntimeException e) {
        if (DatabaseUnavailable.is(e)) {
          if (retryMillis == 0) {
            unavailableSince = System.nanoTime();
            LOG.warn(
                "the prediction log cannot be written, the database is unavailable ({}); {} predictions are "
                    + "kept and retried until it is back",
                DatabaseUnavailable.reason(e),
                pending.size() + queue.size());
          }
          retryMillis = Math.min(MAX_RETRY_MILLIS, Math.max(MIN_RETRY_MILLIS, retryMillis * 2));
          return false;
        }
        LOG.error(
            "a batch of {} predictions cannot be written to the prediction log; it is dropped and counted in "
                + "keel_prediction_log_dropped_total",
            pending.size(),
            e);
        drop(pending);
        continue;
      }
      pending.clear();
      if (retryMillis > 0) {
        LOG.info(
            "the prediction log is written again after {} s without the database",
            (System.nanoTime() - unavailableSince) / 1_000_000_000L);
        retryMillis = 0;
      }
    }
    return true;
  }

  private void dropAll(String why) {
    List<Entry> rest = new ArrayList<>(pending);
    queue.drainTo(rest);
    if (!rest.isEmpty()) {
      LOG.error(
          "{}: {} predictions are not logged (counted in keel_prediction_log_dropped_total)",
          why,
          rest.size());
    }
    drop(rest);
    waiting.forEach(f -> f.complete(null));
    waiting.clear();
  }

  private void drop(List<Entry> entries) {
    for (Entry e : entries) {
      metrics.logDropped.labels(e.model()).inc();
    }
    entries.clear();
  }

  private void write(List<Entry> batch) {
    int n = batch.size();
    UUID[] ids = new UUID[n];
    Long[] models = new Long[n];
    Integer[] versions = new Integer[n];
    String[] inputs = new String[n];
    String[] outputs = new String[n];
    Long[] times = new Long[n];
    try {
      for (int i = 0; i < n; i++) {
        Entry e = batch.get(i);
        ids[i] = e.id();
        models[i] = e.modelId();
        versions[i] = e.version();
        inputs[i] = json.writeValueAsString(e.inputs());
        outputs[i] = json.writeValueAsString(e.output());
        times[i] = e.createdAtMillis();
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    jdbi.useExtension(
        PredictionLogDao.class, dao -> dao.insert(ids, models, versions, inputs, outputs, times));
  }
}
