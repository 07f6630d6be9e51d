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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for audit rows of API calls: callers hand their row over and wait until it is
 * committed; one thread appends everything waiting with one INSERT, so concurrent requests share a
 * commit instead of queueing on the chain's lock one by one. While busy it keeps the chain's lock
 * (see {@link Held}).
 */
public final class AuditWriter implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
  private static final int BATCH = 500;

  /** How long the writer keeps the chain's lock across batches before letting others in. */
  private static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** How long the writer keeps the chain's lock with nothing to write. */
  private static final long HOLD_IDLE_MILLIS = 20;

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
    Held held = null;
    try {
      while (running || !queue.isEmpty()) {
        Pending first;
        try {
          first = queue.poll(held == null ? 200 : HOLD_IDLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (first == null) {
          held = release(held); // idle: let other appenders have the chain
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        try {
          if (held != null && System.nanoTime() - held.since > HOLD_NANOS) {
            held = release(held); // busy for a while: let waiting appenders in between batches
          }
          if (held == null) {
            held = Held.take(jdbi);
          }
          List<AuditEntry> written =
              AuditLog.chain(held.head, batch.stream().map(Pending::row).toList());
          held.dao.insertAll(written); // one statement, in autocommit: one round trip
          AuditEntry last = written.get(written.size() - 1);
          held.head = new AuditDao.Last(last.id(), last.hash());
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(written.get(i).id());
          }
        } catch (RuntimeException e) {
          LOG.error("could not write {} audit row(s)", batch.size(), e);
          batch.forEach(p -> p.done().completeExceptionally(e));
          held = release(held); // read the head afresh next time
        } finally {
          batch.clear();
        }
      }
    } finally {
      release(held);
    }
  }

  /**
   * A connection that holds the chain's session lock while the writer is busy, and the head the
   * writer's own appends left: nobody else can append meanwhile, so each batch is a single INSERT
   * (no lock and no read of the head per batch). Released when the queue runs dry and at least
   * every {@link #HOLD_NANOS}, so that appenders inside other transactions wait a batch at most.
   */
  private static final class Held {
    final Handle handle;
    final AuditDao dao;
    final long since = System.nanoTime();
    AuditDao.Last head;

    private Held(Handle handle, AuditDao dao) {
      this.handle = handle;
      this.dao = dao;
      this.head = dao.lockHead(AuditLog.LOCK_KEY, true);
    }

    static Held take(Jdbi jdbi) {
      Handle h = jdbi.open();
      try {
        return new Held(h, h.attach(AuditDao.class));
      } catch (RuntimeException e) {
        h.close();
        throw e;
      }
    }
  }

  /**
   * Releases the chain's session lock and returns the connection to the pool; a connection whose
   * lock could not be released is closed for good (its session ends, and its lock with it) rather
   * than pooled holding it.
   */
  private static Held release(Held held) {
    if (held == null) {
      return null;
    }
    try {
      held.dao.unlock(AuditLog.LOCK_KEY);
    } catch (RuntimeException e) {
      LOG.warn("could not release the audit log's lock; closing its connection", e);
      try {
        // the physical connection, not the pool's proxy: closing its socket ends the session
        ((java.sql.Connection)
                held.handle.getConnection().unwrap(org.postgresql.PGConnection.class))
            .abort(Runnable::run);
      } catch (java.sql.SQLException | RuntimeException ignored) {
        // the connection is gone already
      }
    } finally {
      held.handle.close();
    }
    return null;
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
