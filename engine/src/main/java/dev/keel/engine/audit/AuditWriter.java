package dev.keel.engine.audit;

import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for audit rows of API calls: callers hand their row over and wait until it is
 * committed; one thread appends everything waiting in one transaction (one lock, one read of the
 * chain's head, one batched insert), so concurrent requests share a commit instead of queueing on
 * the chain's lock one by one.
 */
public final class AuditWriter implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
  private static final int BATCH = 500;

  private record Pending(AuditLog.Row row, CompletableFuture<Long> done) {}

  private final Jdbi jdbi;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(10_000);
  private final Thread thread;
  private volatile boolean running = true;

  public AuditWriter(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.thread = new Thread(this::loop, "keel-audit-writer");
    this.thread.setDaemon(true);
  }

  /** Appends a row and waits (up to 10 s) until it is committed; returns the row's id. */
  public long append(
      String actor, String action, String target, String outcome, String requestId, String detail) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    try {
      if (!queue.offer(
          new Pending(new AuditLog.Row(actor, action, target, outcome, requestId, detail), done),
          10,
          TimeUnit.SECONDS)) {
        throw new IllegalStateException("audit queue is full");
      }
      return done.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the audit log", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "audit row was not written: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("audit row was not written within 10 s", e);
    }
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        List<AuditLog.Row> rows = batch.stream().map(Pending::row).toList();
        List<AuditEntry> written = jdbi.inTransaction(h -> AuditLog.appendAll(h, rows));
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).done().complete(written.get(i).id());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("could not write {} audit row(s)", batch.size(), e);
        batch.forEach(p -> p.done().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  @Override
  public void start() {
    thread.start();
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    thread.join(5_000);
  }
}
