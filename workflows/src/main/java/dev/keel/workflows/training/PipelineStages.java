package dev.keel.workflows.training;

import dev.keel.workflows.contract.ActivityStats;
import dev.keel.workflows.contract.RunProgress;
import dev.keel.workflows.contract.StageRecord;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Stage bookkeeping for pipeline workflows: which stage runs, when each started and ended (workflow
 * time), how many attempts it took and how long its activity worked. Deterministic: use it only
 * from workflow code.
 *
 * <p>A stage that fails is marked {@code FAILED} and the failure is rethrown as a {@link
 * StageFailure} whose message is the activity's own (for example "column 'alcohol' is missing"),
 * prefixed with the stage's name.
 */
public final class PipelineStages {

  private final Map<String, StageRecord> stages = new LinkedHashMap<>();
  private String current;

  public PipelineStages(List<String> names) {
    for (String name : names) {
      stages.put(name, new StageRecord(name, StageRecord.PENDING, null, null, 0, null));
    }
  }

  /**
   * Runs {@code body} as stage {@code name}. {@code statsOf} extracts the activity's own timing and
   * attempt from its result.
   */
  public <T> T run(String name, Supplier<T> body, Function<T, ActivityStats> statsOf) {
    long started = Workflow.currentTimeMillis();
    current = name;
    stages.put(name, new StageRecord(name, StageRecord.RUNNING, started, null, 0, null));
    try {
      T result = body.get();
      ActivityStats stats = statsOf.apply(result);
      stages.put(
          name,
          new StageRecord(
              name,
              stats != null && stats.reused() ? StageRecord.CACHED : StageRecord.SUCCEEDED,
              started,
              Workflow.currentTimeMillis(),
              stats == null ? 1 : stats.attempt(),
              stats == null ? null : stats.elapsedMillis()));
      return result;
    } catch (TemporalFailure failure) {
      stages.put(
          name,
          new StageRecord(
              name,
              StageRecord.FAILED,
              started,
              Workflow.currentTimeMillis(),
              attemptsOf(failure),
              null));
      throw new StageFailure(name, messageOf(failure), failure);
    }
  }

  /**
   * Marks a stage as started without running anything yet (for stages whose end is recorded
   * elsewhere).
   */
  public void start(String name) {
    current = name;
    stages.put(
        name,
        new StageRecord(name, StageRecord.RUNNING, Workflow.currentTimeMillis(), null, 0, null));
  }

  /** Adds a stage at the end (for pipelines whose later stages depend on the request). */
  public void add(String name) {
    stages.putIfAbsent(name, new StageRecord(name, StageRecord.PENDING, null, null, 0, null));
  }

  /**
   * Inserts a pending stage right after {@code after} (for stages only some runs have, such as a
   * sweep).
   */
  public void addAfter(String after, String name) {
    Map<String, StageRecord> copy = new LinkedHashMap<>();
    stages.forEach(
        (n, s) -> {
          copy.put(n, s);
          if (n.equals(after)) {
            copy.put(name, new StageRecord(name, StageRecord.PENDING, null, null, 0, null));
          }
        });
    copy.putIfAbsent(name, new StageRecord(name, StageRecord.PENDING, null, null, 0, null));
    stages.clear();
    stages.putAll(copy);
  }

  /** Sets the detail a running or ended stage shows (for example a sweep's trial counts). */
  public void detail(String name, String detail) {
    StageRecord s = stages.get(name);
    if (s != null) {
      stages.put(
          name,
          new StageRecord(
              name,
              s.status(),
              s.startedAt(),
              s.endedAt(),
              s.attempts(),
              s.activityMillis(),
              detail));
    }
  }

  /**
   * Ends a stage started with {@link #start}: {@code SUCCEEDED}, or {@code FAILED} when {@code ok}
   * is false.
   */
  public void end(String name, boolean ok) {
    StageRecord s = stages.get(name);
    stages.put(
        name,
        new StageRecord(
            name,
            ok ? StageRecord.SUCCEEDED : StageRecord.FAILED,
            s == null ? null : s.startedAt(),
            Workflow.currentTimeMillis(),
            1,
            null,
            s == null ? null : s.detail()));
  }

  /**
   * Sets a stage's status and detail after its activity ran (a check whose result decides the
   * status): {@code RUNNING} clears the end time, any other status ends the stage now.
   */
  public void mark(String name, String status, String detail) {
    StageRecord s = stages.get(name);
    boolean running = StageRecord.RUNNING.equals(status);
    if (running) {
      current = name;
    }
    stages.put(
        name,
        new StageRecord(
            name,
            status,
            s == null ? Workflow.currentTimeMillis() : s.startedAt(),
            running ? null : Workflow.currentTimeMillis(),
            s == null ? 1 : Math.max(1, s.attempts()),
            s == null ? null : s.activityMillis(),
            detail));
  }

  /** The detail a stage shows now, or null. */
  public String detailOf(String name) {
    StageRecord s = stages.get(name);
    return s == null ? null : s.detail();
  }

  /** Marks every stage that never started as skipped. */
  public void skipRemaining() {
    stages.replaceAll(
        (name, s) ->
            s.status().equals(StageRecord.PENDING)
                ? new StageRecord(name, StageRecord.SKIPPED, null, null, 0, null)
                : s);
  }

  public String current() {
    return current;
  }

  public List<StageRecord> records() {
    return new ArrayList<>(stages.values());
  }

  public RunProgress progress() {
    return new RunProgress(current, records());
  }

  /**
   * The message a user should read: the innermost application failure's, without Temporal's
   * wrapping.
   */
  public static String messageOf(Throwable failure) {
    Throwable t = failure;
    String message = failure.getMessage();
    while (t != null) {
      if (t instanceof ApplicationFailure app) {
        message = app.getOriginalMessage();
      } else if (t instanceof TimeoutFailure timeout) {
        message = timedOut(timeout); // its own message is empty
      } else if (!(t instanceof ActivityFailure)
          && t.getMessage() != null
          && t instanceof TemporalFailure tf) {
        message = tf.getOriginalMessage();
      }
      t = t.getCause();
    }
    return message;
  }

  /**
   * What a timeout means to the person reading the run, with the activity's last reported phase if
   * any.
   */
  private static String timedOut(TimeoutFailure timeout) {
    String what =
        switch (timeout.getTimeoutType()) {
          case TIMEOUT_TYPE_HEARTBEAT ->
              "its worker stopped reporting progress (heartbeat timeout; the worker may have "
                  + "died)";
          case TIMEOUT_TYPE_SCHEDULE_TO_START ->
              "no worker took it (schedule-to-start timeout; is a worker polling "
                  + "its task queue?)";
          case TIMEOUT_TYPE_START_TO_CLOSE -> "it did not finish in time (start-to-close timeout)";
          case TIMEOUT_TYPE_SCHEDULE_TO_CLOSE ->
              "it did not finish in time (schedule-to-close timeout)";
          default -> "it timed out";
        };
    String phase = null;
    try {
      if (timeout.getLastHeartbeatDetails() != null
          && timeout.getLastHeartbeatDetails().getSize() > 0) {
        phase = timeout.getLastHeartbeatDetails().get(0, String.class);
      }
    } catch (RuntimeException ignored) {
      // details of another shape: leave the phase out
    }
    return "timed out: "
        + what
        + (phase == null || phase.isBlank() ? "" : "; last reported phase: " + phase);
  }

  private static int attemptsOf(TemporalFailure failure) {
    Throwable t = failure;
    while (t != null) {
      if (t instanceof ApplicationFailure app && app.getDetails().getSize() > 0) {
        try {
          Integer attempt = app.getDetails().get(0, Integer.class);
          if (attempt != null) {
            return attempt;
          }
        } catch (RuntimeException ignored) {
          // details of another shape: fall through
        }
      }
      t = t.getCause();
    }
    return 1;
  }

  /** A stage failed; the message names the stage and what went wrong. */
  public static final class StageFailure extends RuntimeException {
    private final String stage;

    public StageFailure(String stage, String message, Throwable cause) {
      super(stage + ": " + message, cause);
      this.stage = stage;
    }

    public String stage() {
      return stage;
    }
  }
}
