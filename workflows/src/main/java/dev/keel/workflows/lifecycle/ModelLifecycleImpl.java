package dev.keel.workflows.lifecycle;

import dev.keel.workflows.training.PipelineActivities;
import dev.keel.workflows.training.PipelineResult;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** See {@link ModelLifecycle}. Deterministic: the store is reached through {@link LifecycleActivities} only. */
public class ModelLifecycleImpl implements ModelLifecycle {

  static final int RECENT_EVENTS = 50;

  /**
   * Change id of the loop that continues as new once every Update and signal handler has finished, and also when
   * Temporal suggests it; executions recorded before it replay the old loop.
   */
  static final String CONTINUE_WHEN_HANDLERS_FINISHED = "continue-when-handlers-finished";

  private final LifecycleActivities store =
      PipelineActivities.control(LifecycleActivities.class, Duration.ofSeconds(30));

  private String model;
  private long cooldownSeconds;
  private Long lastRetrainAt;
  private String inFlightRunId;
  private Promise<PipelineResult> inFlight;
  private Trigger pending;
  private final List<LifecycleEvent> recent = new ArrayList<>();
  private int handled;

  @Override
  public void run(LifecycleState state) {
    model = state.model();
    cooldownSeconds = state.cooldownSeconds();
    lastRetrainAt = state.lastRetrainAt();
    pending = state.pending();
    recent.addAll(state.recent());
    if (Workflow.getVersion(CONTINUE_WHEN_HANDLERS_FINISHED, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      runAsRecorded(state.continueAfter());
    } else {
      runUntilTimeToContinue(state.continueAfter());
      // a rollback or a signal's event may still be waiting for its activity; continuing now would lose it
      Workflow.await(Workflow::isEveryHandlerFinished);
    }
    Workflow.continueAsNew(new LifecycleState(model, cooldownSeconds, lastRetrainAt, null, pending, recent,
        state.continueAfterEvents()));
  }

  /** Runs retrains until this execution has handled its events, or Temporal suggests continuing as new. */
  private void runUntilTimeToContinue(int continueAfter) {
    while (true) {
      Workflow.await(() -> (pending != null && inFlight == null) || (inFlight != null && inFlight.isCompleted())
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
    return inFlight == null && (handled >= continueAfter || Workflow.getInfo().isContinueAsNewSuggested());
  }

  /** The loop as executions recorded before {@link #CONTINUE_WHEN_HANDLERS_FINISHED} ran it. */
  private void runAsRecorded(int continueAfter) {
    while (handled < continueAfter || inFlight != null) {
      Workflow.await(() -> (pending != null && inFlight == null) || (inFlight != null && inFlight.isCompleted()));
      if (inFlight != null && inFlight.isCompleted()) {
        finishRun();
        continue;
      }
      retrainFor(pending);
    }
  }

  /** Starts a run for {@code trigger}; an automatic one first waits for the cooldown, or for a person's request. */
  private void retrainFor(Trigger trigger) {
    Long wait = cooldownRemainingMillis();
    if (trigger.automatic() && wait != null) {
      event("cooldown", "retrain for " + trigger.kind() + " deferred until the cooldown ends in "
          + (wait / 1000) + " s", null);
      // a person's request or the end of the cooldown, whichever comes first
      Workflow.await(Duration.ofMillis(wait), () -> pending != null && !pending.automatic());
    }
    startRun(pending);
  }

  private void startRun(Trigger trigger) {
    pending = null;
    String key = "lifecycle-" + Workflow.randomUUID();
    PreparedRun run = store.prepareRun(model, trigger, key);
    lastRetrainAt = Workflow.currentTimeMillis();
    inFlightRunId = run.request().runId();
    event("retrain-started", "retrain for " + trigger.kind() + (trigger.reason() == null ? "" : ": "
        + trigger.reason()), inFlightRunId);
    inFlight = Workflow.newUntypedChildWorkflowStub(run.workflowType(), ChildWorkflowOptions.newBuilder()
            .setWorkflowId(inFlightRunId)
            .setTaskQueue(run.taskQueue())
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            .build())
        .executeAsync(PipelineResult.class, run.request());
  }

  private void finishRun() {
    String runId = inFlightRunId;
    try {
      PipelineResult result = inFlight.get();
      event("retrain-ended", "run ended " + result.outcome().status()
          + (result.outcome().error() == null ? "" : ": " + result.outcome().error()), runId);
    } catch (ChildWorkflowFailure failure) {
      event("retrain-ended", "run's workflow failed: " + failure.getMessage(), runId);
    }
    inFlight = null;
    inFlightRunId = null;
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
    // decide first, record after: the event is an activity, and signals that arrive meanwhile must see this decision
    // the newest trigger wins; a person's request is never replaced by an automatic one
    if (pending == null || pending.automatic() || !trigger.automatic()) {
      pending = trigger;
    }
    if (inFlight != null) {
      event("coalesced", trigger.kind() + " while run " + inFlightRunId + " is in flight: one retrain will follow",
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
  public RollbackResult rollback(RollbackRequest request) {
    RollbackResult result = store.rollback(model, store.planRollback(model, request), request);
    event("rollback", "rolled back from version " + result.from() + " to " + result.to() + " by " + request.actor()
        + (request.reason() == null ? "" : ": " + request.reason()), null);
    return result;
  }

  @Override
  public LifecycleView view() {
    Long remaining = cooldownRemainingMillis();
    return new LifecycleView(model, inFlightRunId, pending, lastRetrainAt,
        remaining == null ? null : Workflow.currentTimeMillis() + remaining, List.copyOf(recent));
  }
}
