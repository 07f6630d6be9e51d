package dev.keel.workflows.schedule;

import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.lifecycle.LifecycleActivities;
import dev.keel.workflows.lifecycle.LifecycleEvent;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;

/**
 * See {@link ModelSchedule}. Deterministic: the next firing is computed from workflow time, the
 * lifecycle is reached through {@link ScheduleActivities}, and the timeline through {@link
 * LifecycleActivities}.
 */
public class ModelScheduleImpl implements ModelSchedule {

  /** Firings and changes before the schedule continues as new, keeping its history short. */
  static final int EVENTS_PER_RUN = 50;

  private final ScheduleActivities engine =
      PipelineActivities.control(ScheduleActivities.class, Duration.ofSeconds(30));
  private final LifecycleActivities timeline =
      PipelineActivities.control(LifecycleActivities.class, Duration.ofSeconds(30));

  private final String model;
  private ScheduleSpec spec;
  private boolean paused;
  private Long lastFiredAt;
  private long fired;
  private boolean stopped;
  private Long nextFireAt;

  /** Set by a change: the loop computes the next firing again. */
  private boolean changed;

  /** People's "fire now" requests not yet fired, with who asked. */
  private final java.util.ArrayDeque<String> triggers = new java.util.ArrayDeque<>();

  private int events;

  @WorkflowInit
  public ModelScheduleImpl(ScheduleState state) {
    model = state.model();
    spec = state.spec();
    paused = state.paused();
    lastFiredAt = state.lastFiredAt();
    fired = state.fired();
  }

  @Override
  public void run(ScheduleState state) {
    while (!stopped && events < EVENTS_PER_RUN && !Workflow.getInfo().isContinueAsNewSuggested()) {
      changed = false;
      long now = Workflow.currentTimeMillis();
      nextFireAt = paused ? null : next(now);
      if (nextFireAt == null) {
        Workflow.await(() -> changed || !triggers.isEmpty() || stopped);
      } else {
        Workflow.await(
            Duration.ofMillis(Math.max(1, nextFireAt - now)),
            () -> changed || !triggers.isEmpty() || stopped);
      }
      if (stopped) {
        break;
      }
      if (!triggers.isEmpty()) {
        fire(Workflow.currentTimeMillis(), triggers.poll());
      } else if (!changed && nextFireAt != null && Workflow.currentTimeMillis() >= nextFireAt) {
        fire(nextFireAt, null);
      }
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    if (stopped) {
      return;
    }
    Workflow.continueAsNew(new ScheduleState(model, spec, paused, lastFiredAt, fired));
  }

  private Long next(long now) {
    Instant at = spec.parsed().next(Instant.ofEpochMilli(now), spec.zone());
    return at == null ? null : at.toEpochMilli();
  }

  private void fire(long dueAt, String actor) {
    lastFiredAt = dueAt;
    fired++;
    events++;
    try {
      engine.fire(new ScheduledFiring(model, dueAt, spec.cron(), spec.overlap(), actor));
    } catch (io.temporal.failure.ActivityFailure failure) {
      // the engine was unreachable for an hour: this firing is lost, the schedule goes on
      Workflow.getLogger(ModelScheduleImpl.class)
          .warn("firing of the schedule of {} due at {} failed", model, dueAt, failure);
    }
  }

  @Override
  public void validateChange(ScheduleChange change) {
    if (change == null || change.action() == null) {
      throw new IllegalArgumentException(
          "a schedule change needs an action: pause, resume, trigger, reschedule or stop");
    }
    if (stopped) {
      throw new IllegalStateException("the schedule of model '" + model + "' has been removed");
    }
    switch (change.action()) {
      case ScheduleChange.PAUSE,
          ScheduleChange.RESUME,
          ScheduleChange.TRIGGER,
          ScheduleChange.STOP -> {
        // nothing more to check
      }
      case ScheduleChange.RESCHEDULE -> {
        if (change.spec() == null) {
          throw new IllegalArgumentException("a reschedule needs the new schedule");
        }
        change.spec().check("schedule");
      }
      default ->
          throw new IllegalArgumentException(
              "'"
                  + change.action()
                  + "' is not a schedule action; expected pause, resume, trigger, reschedule or"
                  + " stop");
    }
  }

  @Override
  public ScheduleView change(ScheduleChange change) {
    String who = change.actor() == null ? "someone" : change.actor();
    switch (change.action()) {
      case ScheduleChange.PAUSE -> {
        if (!paused) {
          paused = true;
          record("schedule-paused", "schedule '" + spec.cron() + "' paused by " + who);
        }
      }
      case ScheduleChange.RESUME -> {
        if (paused) {
          paused = false;
          record("schedule-resumed", "schedule '" + spec.cron() + "' resumed by " + who);
        }
      }
      case ScheduleChange.TRIGGER -> triggers.add(who);
      case ScheduleChange.RESCHEDULE -> {
        ScheduleSpec before = spec;
        spec = change.spec().withDefaults();
        if (!spec.equals(before)) {
          record(
              "schedule-changed",
              "schedule changed by "
                  + who
                  + " from '"
                  + before.cron()
                  + "' ("
                  + before.timezone()
                  + ", overlap "
                  + before.overlap()
                  + ") to '"
                  + spec.cron()
                  + "' ("
                  + spec.timezone()
                  + ", overlap "
                  + spec.overlap()
                  + ")");
        }
      }
      case ScheduleChange.STOP -> {
        stopped = true;
        record("schedule-removed", "schedule '" + spec.cron() + "' removed by " + who);
      }
      default -> throw new IllegalArgumentException("unknown action " + change.action());
    }
    changed = true;
    if (!stopped && !ScheduleChange.TRIGGER.equals(change.action())) {
      long now = Workflow.currentTimeMillis();
      nextFireAt = paused ? null : next(now);
    }
    return view();
  }

  private void record(String kind, String message) {
    events++;
    timeline.recordEvent(
        model, new LifecycleEvent(Workflow.currentTimeMillis(), kind, message, null));
  }

  @Override
  public ScheduleView view() {
    return new ScheduleView(model, spec, paused, nextFireAt, lastFiredAt, fired, stopped);
  }
}
