package dev.keel.workflows.lifecycle;

import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.schedule.ScheduledFiring;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.ChildWorkflowStub;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * See {@link ModelLifecycle}. Deterministic: the store is reached through {@link
 * LifecycleActivities} only.
 */
public class ModelLifecycleImpl implements ModelLifecycle {

  static final int RECENT_EVENTS = 50;

  /**
   * Change id of the loop that continues as new once every Update and signal handler has finished,
   * and also when Temporal suggests it; executions recorded before it replay the old loop.
   */
  static final String CONTINUE_WHEN_HANDLERS_FINISHED = "continue-when-handlers-finished";

  /**
   * Change id of runs started through the API by the {@link #startRun} Update: such a run may start
   * while the loop waits for its handlers before continuing as new, so from this version on the
   * loop looks again for a run in flight before it continues (a run in flight must stay this
   * execution's child). Executions recorded before it replay without looking.
   */
  static final String RUNS_THROUGH_LIFECYCLE = "runs-through-lifecycle";

  /**
   * Change id of the state read by the constructor, before any handler: executions recorded before
   * it read it in {@link #run}, where a trigger handled in the first workflow task was overwritten
   * by the state's.
   */
  static final String STATE_BEFORE_HANDLERS = "state-before-handlers";

  /**
   * Failure type of a {@link #startRun} refused because another run is in flight (the message names
   * it).
   */
  public static final String RUN_IN_FLIGHT = RunInFlightException.class.getName();

  /** The failure type of a start request that reached the lifecycle too late. */
  public static final String RUN_START_TOO_LATE = RunStartTooLateException.class.getName();

  private final LifecycleActivities store =
      PipelineActivities.control(LifecycleActivities.class, Duration.ofSeconds(30));

  /**
   * The store for a run a person is waiting for: tried once, so that a store that fails answers the
   * person now (the run is then not started, and the request can be repeated) instead of starting
   * the run after they gave up.
   */
  private final LifecycleActivities storeOnce =
      Workflow.newActivityStub(
          LifecycleActivities.class,
          io.temporal.activity.ActivityOptions.newBuilder()
              .setTaskQueue(dev.keel.workflows.contract.TaskQueues.CONTROL)
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  io.temporal.common.RetryOptions.newBuilder().setMaximumAttempts(1).build())
              .build());

  private String model;
  private long cooldownSeconds;
  private Long lastRetrainAt;
  private String inFlightRunId;
  private String inFlightRunKey;
  private Promise<PipelineResult> inFlight;
  private Promise<WorkflowExecution> inFlightStarted;

  /** While a run is being prepared (its activity runs): nothing else may start one meanwhile. */
  private boolean starting;

  private Trigger pending;
  private final List<LifecycleEvent> recent = new ArrayList<>();
  private int handled;

  /**
   * Reads the state before any handler runs: a trigger or an Update can reach the lifecycle in its
   * first workflow task, before {@link #run} (signal-with-start, a busy worker, a drift alarm as
   * the lifecycle continues as new).
   */
  @WorkflowInit
  public ModelLifecycleImpl(LifecycleState state) {
    model = state.model();
    cooldownSeconds = state.cooldownSeconds();
    lastRetrainAt = state.lastRetrainAt();
    pending = state.pending();
    recent.addAll(state.recent());
  }

  @Override
  public void run(LifecycleState state) {
    if (Workflow.getVersion(STATE_BEFORE_HANDLERS, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      pending =
          state.pending(); // as recorded: run() read the state after a first task's trigger, and
      // lost it
    }
    if (Workflow.getVersion(CONTINUE_WHEN_HANDLERS_FINISHED, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      runAsRecorded(state.continueAfter());
    } else {
      runUntilTimeToContinue(state.continueAfter());
      // a rollback or a signal's event may still be waiting for its activity; continuing now would
      // lose it
      Workflow.await(Workflow::isEveryHandlerFinished);
      if (Workflow.getVersion(RUNS_THROUGH_LIFECYCLE, Workflow.DEFAULT_VERSION, 1)
          != Workflow.DEFAULT_VERSION) {
        // a startRun Update that arrived while the handlers finished has started a run: see it to
        // its end first
        while (inFlight != null || starting) {
          runUntilTimeToContinue(state.continueAfter());
          Workflow.await(Workflow::isEveryHandlerFinished);
        }
      }
    }
    Workflow.continueAsNew(
        new LifecycleState(
            model,
            cooldownSeconds,
            lastRetrainAt,
            null,
            pending,
            recent,
            state.continueAfterEvents()));
  }

  /**
   * Runs retrains until this execution has handled its events, or Temporal suggests continuing as
   * new.
   */
  private void runUntilTimeToContinue(int continueAfter) {
    while (true) {
      Workflow.await(
          () ->
              (pending != null && inFlight == null && !starting)
                  || (inFlight != null && inFlight.isCompleted())
                  || timeToContinue(continueAfter));
      if (inFlight != null && inFlight.isCompleted()) {
        finishRun();
      } else if (timeToContinue(continueAfter)) {
        return; // a trigger still pending goes on to the next execution
      } else {
        retrainFor(pending);
      }
    }
  }

  /** Only between runs, so that a run in flight is always this execution's child. */
  private boolean timeToContinue(int continueAfter) {
    return inFlight == null
        && !starting
        && (handled >= continueAfter || Workflow.getInfo().isContinueAsNewSuggested());
  }

  /** The loop as executions recorded before {@link #CONTINUE_WHEN_HANDLERS_FINISHED} ran it. */
  private void runAsRecorded(int continueAfter) {
    while (handled < continueAfter || inFlight != null || starting) {
      Workflow.await(
          () ->
              (pending != null && inFlight == null && !starting)
                  || (inFlight != null && inFlight.isCompleted()));
      if (inFlight != null && inFlight.isCompleted()) {
        finishRun();
        continue;
      }
      retrainFor(pending);
    }
  }

  /**
   * Starts a run for {@code trigger}; an automatic one first waits for the cooldown, or for a
   * person's request.
   */
  private void retrainFor(Trigger trigger) {
    Long wait = cooldownRemainingMillis();
    if (trigger.automatic() && wait != null) {
      event(
          "cooldown",
          "retrain for "
              + trigger.kind()
              + " deferred until the cooldown ends in "
              + (wait / 1000)
              + " s",
          null);
      // a person's request or the end of the cooldown, whichever comes first (or a run started
      // through the API)
      Workflow.await(
          Duration.ofMillis(wait),
          () -> (pending != null && !pending.automatic()) || inFlight != null || starting);
      if (inFlight != null || starting) {
        return; // a person's run started meanwhile; the trigger stays pending and follows it
      }
    }
    startRun(pending, "lifecycle-" + Workflow.randomUUID(), store);
  }

  /**
   * The one path by which a run starts, for a trigger and for the API: records it (idempotent by
   * {@code key}) and starts its pipeline as a child workflow.
   */
  private void startRun(Trigger trigger, String key, LifecycleActivities preparation) {
    if (trigger == pending) {
      pending = null;
    }
    starting = true;
    try {
      PreparedRun run = preparation.prepareRun(model, trigger, key);
      lastRetrainAt = Workflow.currentTimeMillis();
      inFlightRunId = run.request().runId();
      inFlightRunKey = key;
      event(
          "retrain-started",
          "retrain for "
              + trigger.kind()
              + (trigger.reason() == null ? "" : ": " + trigger.reason()),
          inFlightRunId);
      ChildWorkflowStub child =
          Workflow.newUntypedChildWorkflowStub(
              run.workflowType(),
              ChildWorkflowOptions.newBuilder()
                  .setWorkflowId(inFlightRunId)
                  .setTaskQueue(run.taskQueue())
                  .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                  .build());
      inFlight = child.executeAsync(PipelineResult.class, run.request());
      inFlightStarted = child.getExecution();
    } finally {
      starting = false;
    }
  }

  private void finishRun() {
    String runId = inFlightRunId;
    try {
      PipelineResult result = inFlight.get();
      event(
          "retrain-ended",
          "run ended "
              + result.outcome().status()
              + (result.outcome().error() == null ? "" : ": " + result.outcome().error()),
          runId);
    } catch (ChildWorkflowFailure failure) {
      event("retrain-ended", "run's workflow failed: " + failure.getMessage(), runId);
    }
    inFlight = null;
    inFlightRunId = null;
    inFlightRunKey = null;
    inFlightStarted = null;
  }

  private Long cooldownRemainingMillis() {
    if (lastRetrainAt == null) {
      return null;
    }
    long remaining = lastRetrainAt + cooldownSeconds * 1000 - Workflow.currentTimeMillis();
    return remaining > 0 ? remaining : null;
  }

  private void event(String kind, String message, String runId) {
    LifecycleEvent e = new LifecycleEvent(Workflow.currentTimeMillis(), kind, message, runId);
    recent.add(e);
    if (recent.size() > RECENT_EVENTS) {
      recent.remove(0);
    }
    handled++;
    store.recordEvent(model, e);
  }

  private void offer(Trigger trigger) {
    // decide first, record after: the event is an activity, and signals that arrive meanwhile must
    // see this decision
    // the newest trigger wins; a person's request is never replaced by an automatic one
    if (pending == null || pending.automatic() || !trigger.automatic()) {
      pending = trigger;
    }
    if (inFlight != null) {
      event(
          "coalesced",
          trigger.kind() + " while run " + inFlightRunId + " is in flight: one retrain will follow",
          inFlightRunId);
    }
  }

  @Override
  public void newData(Trigger trigger) {
    offer(trigger);
  }

  @Override
  public void driftDetected(Trigger trigger) {
    offer(trigger);
  }

  @Override
  public void retrain(Trigger trigger) {
    offer(trigger);
  }

  @Override
  public void scheduled(ScheduledFiring firing) {
    String due = java.time.Instant.ofEpochMilli(firing.dueAt()).toString();
    Trigger trigger =
        firing.actor() == null
            ? new Trigger(
                Trigger.SCHEDULED, null, "schedule '" + firing.cron() + "' due at " + due, null)
            : new Trigger(
                Trigger.MANUAL,
                null,
                "schedule '" + firing.cron() + "' run now by " + firing.actor(),
                firing.actor());
    if (firing.skipsOverlap() && (inFlight != null || starting)) {
      // decided before the event is recorded, as offer() does
      event(
          "schedule-skipped",
          (firing.actor() == null ? "firing due at " + due : "run now by " + firing.actor())
              + " of schedule '"
              + firing.cron()
              + "' skipped: "
              + (inFlightRunId == null
                  ? "a run is starting"
                  : "run " + inFlightRunId + " is in flight")
              + " (overlap skip)",
          inFlightRunId);
      return;
    }
    offer(trigger);
  }

  @Override
  public void validateStartRun(RunStart start) {
    if (start == null || start.trigger() == null) {
      throw new IllegalArgumentException("a run to start needs a trigger");
    }
    if (start.notAfter() != null && Workflow.currentTimeMillis() > start.notAfter()) {
      // an Update's validator writes nothing to the history: its refusal's type may change freely
      throw new RunStartTooLateException(
          "the request to start a run of model '"
              + model
              + "' reached its lifecycle "
              + "after the caller had stopped waiting; no run was started");
    }
    if (inFlight != null && !sameRequest(start)) {
      throw new RunInFlightException(inFlightMessage());
    }
  }

  @Override
  public RunStarted startRun(RunStart start) {
    // an Update delivered with the workflow's start runs before run() has read the state: wait for
    // it; and a run
    // being prepared has no id yet: wait for it too, so that a refusal can name it
    Workflow.await(() -> model != null && !starting);
    if (inFlight != null) {
      if (sameRequest(start)) {
        return new RunStarted(inFlightRunId, false);
      }
      throw ApplicationFailure.newNonRetryableFailure(
          inFlightMessage(), RUN_IN_FLIGHT, inFlightRunId);
    }
    Trigger trigger = start.trigger();
    startRun(
        trigger,
        start.requestKey() != null ? start.requestKey() : "api-" + Workflow.randomUUID(),
        storeOnce);
    String runId = inFlightRunId;
    try {
      inFlightStarted.get(); // answered once the pipeline runs, as a run started directly was
    } catch (ChildWorkflowFailure | io.temporal.failure.CanceledFailure notStarted) {
      // the run's end (its workflow failed to start) is recorded by the loop
    }
    return new RunStarted(runId, true);
  }

  /** Whether the run in flight was started by a request with the same key as {@code start}. */
  private boolean sameRequest(RunStart start) {
    return start.requestKey() != null && start.requestKey().equals(inFlightRunKey);
  }

  private String inFlightMessage() {
    return "model '"
        + model
        + "' already has run "
        + inFlightRunId
        + " in flight; wait for it to end (decide it, "
        + "if it awaits approval) and start the run again";
  }

  @Override
  public RollbackResult rollback(RollbackRequest request) {
    RollbackResult result = store.rollback(model, store.planRollback(model, request), request);
    event(
        "rollback",
        "rolled back from version "
            + result.from()
            + " to "
            + result.to()
            + " by "
            + request.actor()
            + (request.reason() == null ? "" : ": " + request.reason()),
        null);
    return result;
  }

  @Override
  public LifecycleView view() {
    Long remaining = cooldownRemainingMillis();
    return new LifecycleView(
        model,
        inFlightRunId,
        pending,
        lastRetrainAt,
        remaining == null ? null : Workflow.currentTimeMillis() + remaining,
        List.copyOf(recent));
  }
}
