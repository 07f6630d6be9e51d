package dev.keel.workers.training;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Heartbeats of a training activity. Outside an activity (plain unit tests, tools) every call is a
 * no-op, so the same code runs in both places.
 */
final class Progress {

  private static final long MAX_BEAT_MILLIS = 10_000;

  private final ActivityExecutionContext context;

  private Progress(ActivityExecutionContext context) {
    this.context = context;
  }

  static Progress current() {
    return new Progress(context().orElse(null));
  }

  private static Optional<ActivityExecutionContext> context() {
    try {
      return Optional.of(Activity.getExecutionContext());
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  int attempt() {
    // attempts count from 1; Temporal's test activity environment reports 0
    return context == null ? 1 : Math.max(1, context.getInfo().getAttempt());
  }

  void phase(String phase) {
    if (context != null) {
      context.heartbeat(phase);
    }
  }

  /**
   * Every 10 s, or a third of the activity's heartbeat timeout when that is shorter (it is
   * configurable).
   */
  private long beatMillis() {
    java.time.Duration timeout = context.getInfo().getHeartbeatTimeout();
    if (timeout == null || timeout.isZero()) {
      return MAX_BEAT_MILLIS;
    }
    return Math.max(200, Math.min(MAX_BEAT_MILLIS, timeout.toMillis() / 3));
  }

  /**
   * Runs one long step (a training call), heartbeating {@code phase} every few seconds until it
   * returns.
   */
  <V> V during(String phase, Supplier<V> work) {
    phase(phase);
    if (context == null) {
      return work.get();
    }
    ScheduledExecutorService beats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "keel-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long every = beatMillis();
    ScheduledFuture<?> beat =
        beats.scheduleAtFixedRate(() -> phase(phase), every, every, TimeUnit.MILLISECONDS);
    try {
      return work.get();
    } finally {
      beat.cancel(false);
      beats.shutdownNow();
    }
  }
}
