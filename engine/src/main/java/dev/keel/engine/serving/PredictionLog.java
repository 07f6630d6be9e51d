package dev.keel.engine.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The prediction log, written asynchronously so that logging never holds up serving. Predictions go into a bounded
 * queue; one writer thread writes them with one multi-row INSERT per batch ({@code logBatchSize} rows), at the latest
 * {@code logFlushMillis} after they were queued. When the queue is full the prediction is still served, but not
 * logged: it is dropped and counted in {@code keel_prediction_log_dropped_total{model}} (serving must not block on
 * the database). {@link #flush} lets a reader (feedback) wait until everything queued before it is written.
 */
public final class PredictionLog implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);
  private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

  /** A prediction waiting to be written. */
  record Entry(UUID id, long modelId, String model, int version, Map<String, Object> inputs, Prediction output,
      long createdAtMillis) {}

  private final Jdbi jdbi;
  private final ObjectMapper json;
  private final ServingMetrics metrics;
  private final int batchSize;
  private final long flushMillis;
  private final BlockingQueue<Entry> queue;
  private final Semaphore wake = new Semaphore(0);
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> flushes = new ConcurrentLinkedQueue<>();
  private volatile boolean running;
  private Thread writer;

  public PredictionLog(Jdbi jdbi, ObjectMapper json, ServingMetrics metrics, int batchSize, int capacity,
      long flushMillis) {
    this.jdbi = jdbi;
    this.json = json;
    this.metrics = metrics;
    this.batchSize = batchSize;
    this.flushMillis = flushMillis;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Queues a prediction for logging; never blocks. Returns false (and counts it) when the queue is full. */
  public boolean offer(UUID id, long modelId, String model, int version, Map<String, Object> inputs,
      Prediction output) {
    if (!queue.offer(new Entry(id, modelId, model, version, inputs, output, System.currentTimeMillis()))) {
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
    return jdbi.withHandle(h -> h.createQuery("""
            SELECT inputs::text FROM prediction_log WHERE model_id = :modelId ORDER BY created_at DESC LIMIT :limit""")
        .bind("modelId", modelId).bind("limit", limit).mapTo(String.class).list()).stream().map(this::parse).toList();
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
    while (running || !queue.isEmpty()) {
      try {
        wake.tryAcquire(flushMillis, TimeUnit.MILLISECONDS);
        wake.drainPermits();
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (CompletableFuture<Void> f; (f = flushes.poll()) != null; ) {
          waiting.add(f);
        }
        drain();
        waiting.forEach(f -> f.complete(null));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("writing the prediction log failed; the batch is lost", e);
      }
    }
  }

  /** Writes everything queued, a batch at a time. */
  private void drain() {
    List<Entry> batch = new ArrayList<>(batchSize);
    while (queue.drainTo(batch, batchSize) > 0) {
      write(batch);
      batch.clear();
    }
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
    jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO prediction_log (prediction_id, model_id, version, inputs, output, created_at)
            SELECT id, model_id, version, inputs::jsonb, output::jsonb, to_timestamp(millis / 1000.0)
            FROM unnest(:ids, :models, :versions, :inputs, :outputs, :times)
              AS t (id, model_id, version, inputs, output, millis)
            ON CONFLICT (prediction_id) DO NOTHING""")
        .bindArray("ids", UUID.class, (Object[]) ids)
        .bindArray("models", Long.class, (Object[]) models)
        .bindArray("versions", Integer.class, (Object[]) versions)
        .bindArray("inputs", String.class, (Object[]) inputs)
        .bindArray("outputs", String.class, (Object[]) outputs)
        .bindArray("times", Long.class, (Object[]) times)
        .execute());
  }
}
