package dev.keel.engine.serving;

import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes logged predictions older than {@code retentionDays}, and with them their feedback (cascade), in chunks so
 * that no single statement holds locks for long. Runs at start-up and every {@code retentionCheckMinutes}; engines
 * running it together only repeat each other's work.
 */
public final class Retention implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  private static final int CHUNK = 10_000;

  private final Jdbi jdbi;
  private final int retentionDays;
  private final int everyMinutes;
  private ScheduledExecutorService timer;

  public Retention(Jdbi jdbi, int retentionDays, int everyMinutes) {
    this.jdbi = jdbi;
    this.retentionDays = retentionDays;
    this.everyMinutes = everyMinutes;
  }

  @Override
  public void start() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "keel-serving-retention");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::purgeQuietly, 0, everyMinutes, TimeUnit.MINUTES);
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void purgeQuietly() {
    try {
      purge();
    } catch (RuntimeException e) {
      LOG.warn("prediction log retention failed; will retry", e);
    }
  }

  /** Deletes expired predictions (and their feedback); returns how many predictions were deleted. */
  public long purge() {
    long total = 0;
    int deleted;
    do {
      deleted = jdbi.withHandle(h -> h.createUpdate("""
              DELETE FROM prediction_log WHERE prediction_id IN (
                SELECT prediction_id FROM prediction_log WHERE created_at < now() - make_interval(days => :days)
                LIMIT :chunk)""")
          .bind("days", retentionDays).bind("chunk", CHUNK).execute());
      total += deleted;
    } while (deleted == CHUNK);
    if (total > 0) {
      LOG.info("deleted {} predictions older than {} days", total, retentionDays);
    }
    return total;
  }
}
