package dev.keel.workflows.lifecycle;

import static dev.keel.workflows.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.Histories;
import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.TaskQueues;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model lifecycle on time-skipping Temporal: one retrain in flight, cooldown, manual requests,
 * rollback.
 */
class ModelLifecycleTest {

  static final AtomicInteger RUNNING = new AtomicInteger();
  static final AtomicInteger MAX_RUNNING = new AtomicInteger();

  TestWorkflowEnvironment env;
  WorkflowClient client;
  FakeStore store = new FakeStore();

  /** A pipeline that takes ten minutes of workflow time. */
  @WorkflowInterface
  public interface SlowPipeline {
    @WorkflowMethod(name = "SlowPipeline")
    PipelineResult run(PipelineRequest request);
  }

  public static class SlowPipelineImpl implements SlowPipeline {
    @Override
    public PipelineResult run(PipelineRequest request) {
      int now = RUNNING.incrementAndGet();
      MAX_RUNNING.accumulateAndGet(now, Math::max);
      Workflow.sleep(Duration.ofMinutes(10));
      RUNNING.decrementAndGet();
      return new PipelineResult(
          new RunOutcome(
              request.runId(),
              request.model(),
              RunOutcome.SUCCEEDED,
              List.of(),
              Map.of(),
              null,
              List.of(),
              null,
              null),
          null);
    }
  }

  @BeforeEach
  void start() {
    RUNNING.set(0);
    MAX_RUNNING.set(0);
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(ModelLifecycleImpl.class, SlowPipelineImpl.class);
    env.newWorker(TaskQueues.CONTROL).registerActivitiesImplementations(store);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  ModelLifecycle lifecycle(long cooldownSeconds) {
    ModelLifecycle lifecycle =
        client.newWorkflowStub(
            ModelLifecycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ModelLifecycle.workflowId("wine"))
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    WorkflowClient.start(lifecycle::run, new LifecycleState("wine", cooldownSeconds));
    return lifecycle;
  }

  @Test
  void triggersWhileARunIsInFlightCoalesceIntoOneFollowUpRun() {
    ModelLifecycle lifecycle = lifecycle(0);
    lifecycle.retrain(new Trigger(Trigger.MANUAL, null, "first", "alice"));
    awaitInFlight(lifecycle, "run-1");
    lifecycle.newData(new Trigger(Trigger.NEW_DATA, null, "v2", null));
    lifecycle.driftDetected(new Trigger(Trigger.DRIFT, null, "psi", "monitor"));

    env.sleep(Duration.ofMinutes(30));

    assertThat(store.prepared).extracting(Trigger::reason).containsExactly("first", "psi");
    assertThat(MAX_RUNNING.get()).isEqualTo(1);
    assertThat(store.events)
        .extracting(LifecycleEvent::kind)
        .containsSubsequence(
            "retrain-started", "coalesced", "retrain-ended", "retrain-started", "retrain-ended");
    assertThat(lifecycle.view().inFlightRunId()).isNull();
    Histories.record(client, ModelLifecycle.workflowId("wine"), "model-lifecycle-coalesced.json");
  }

  /**
   * A trigger that reaches a lifecycle in its first workflow task (signal-with-start here; a busy
   * worker or a drift alarm just as the lifecycle continues as new does the same) is handled before
   * run() reads its state.
   */
  @Test
  void aTriggerDeliveredWithTheStartIsNotLost() {
    ModelLifecycle lifecycle =
        client.newWorkflowStub(
            ModelLifecycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ModelLifecycle.workflowId("wine"))
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(lifecycle::run, new LifecycleState("wine", 3600));
    request.add(lifecycle::retrain, new Trigger(Trigger.MANUAL, null, "with the start", "alice"));
    client.signalWithStart(request);

    awaitInFlight(lifecycle, "run-1");
    assertThat(store.prepared).extracting(Trigger::reason).containsExactly("with the start");
    Histories.record(
        client, ModelLifecycle.workflowId("wine"), "model-lifecycle-trigger-with-start.json");
  }

  @Test
  void automaticTriggersWaitForTheCooldownButAPersonDoesNot() {
    ModelLifecycle lifecycle = lifecycle(3600);
    lifecycle.retrain(new Trigger(Trigger.MANUAL, null, "first", "alice"));
    awaitInFlight(lifecycle, "run-1");
    env.sleep(Duration.ofMinutes(15)); // first run done at 10 min
    lifecycle.driftDetected(new Trigger(Trigger.DRIFT, null, "psi", "monitor"));
    env.sleep(Duration.ofMinutes(5));
    // the cooldown event is written by an activity, which may run a moment after the skipped sleep
    // returns
    eventually(
        env, () -> assertThat(store.events).extracting(LifecycleEvent::kind).contains("cooldown"));
    assertThat(store.prepared).hasSize(1);
    assertThat(lifecycle.view().cooldownUntil()).isNotNull();

    env.sleep(Duration.ofMinutes(45)); // cooldown of one hour from the first start has passed
    assertThat(store.prepared).extracting(Trigger::reason).containsExactly("first", "psi");
    long gap = store.preparedAt.get(1) - store.preparedAt.get(0);
    assertThat(gap).isGreaterThanOrEqualTo(Duration.ofHours(1).toMillis());

    env.sleep(Duration.ofMinutes(15));
    lifecycle.retrain(new Trigger(Trigger.MANUAL, null, "now please", "bob"));
    env.sleep(Duration.ofMinutes(1));
    assertThat(store.prepared)
        .extracting(Trigger::reason)
        .containsExactly("first", "psi", "now please");
  }

  @Test
  void continuesAsNewBetweenRunsAndKeepsItsCooldownAndTimeline() {
    ModelLifecycle lifecycle =
        client.newWorkflowStub(
            ModelLifecycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ModelLifecycle.workflowId("wine"))
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    WorkflowClient.start(
        lifecycle::run, new LifecycleState("wine", 3600, null, null, null, List.of(), 2));
    String firstExecution = WorkflowStub.fromTyped(lifecycle).getExecution().getRunId();

    lifecycle.retrain(new Trigger(Trigger.MANUAL, null, "first", "alice"));
    env.sleep(Duration.ofMinutes(15)); // started + ended: two events, then continue-as-new

    // the events are written by activities, which may complete a moment after the skipped sleep
    // returns
    eventually(
        env,
        () ->
            assertThat(
                    client
                        .newUntypedWorkflowStub(ModelLifecycle.workflowId("wine"))
                        .describe()
                        .getExecution()
                        .getRunId())
                .isNotEqualTo(firstExecution));
    LifecycleView view =
        client.newWorkflowStub(ModelLifecycle.class, ModelLifecycle.workflowId("wine")).view();
    assertThat(view.recent())
        .extracting(LifecycleEvent::kind)
        .containsExactly("retrain-started", "retrain-ended");
    assertThat(view.cooldownUntil()).as("the cooldown survives continue-as-new").isNotNull();
    Histories.record(
        client,
        ModelLifecycle.workflowId("wine"),
        firstExecution,
        "model-lifecycle-continued-as-new.json");
  }

  @Test
  void rollbackIsAnUpdateThatAnswersWithWhatItDid() {
    ModelLifecycle lifecycle = lifecycle(0);
    RollbackResult result =
        lifecycle.rollback(new RollbackRequest(null, "oncall", "bad predictions"));

    assertThat(result.from()).isEqualTo(3);
    assertThat(result.to()).isEqualTo(2);
    assertThat(store.events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo("rollback");
              assertThat(e.message()).contains("from version 3 to 2 by oncall: bad predictions");
            });
    Histories.record(client, ModelLifecycle.workflowId("wine"), "model-lifecycle-rollback.json");
  }

  /**
   * Until the lifecycle has started {@code runId}: the run is prepared by an activity, and the test
   * server skips time while an activity runs, so a skipped sleep may end before the run has
   * started. The server may also skip time while the test asks, so the run may already have ended
   * when it is first seen: its start event counts too.
   */
  private void awaitInFlight(ModelLifecycle lifecycle, String runId) {
    eventually(
        env,
        () ->
            assertThat(
                    runId.equals(lifecycle.view().inFlightRunId())
                        || store.events.stream()
                            .anyMatch(
                                e -> e.kind().equals("retrain-started") && runId.equals(e.runId())))
                .as("run %s started; events %s", runId, store.events)
                .isTrue());
  }

  static final class FakeStore implements LifecycleActivities {
    final List<Trigger> prepared = new CopyOnWriteArrayList<>();
    final List<Long> preparedAt = new CopyOnWriteArrayList<>();
    final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
    final AtomicInteger runs = new AtomicInteger();

    /** When set, {@link #rollback} takes effect only once it opens. */
    volatile java.util.concurrent.CountDownLatch rollbackGate;

    final java.util.concurrent.CountDownLatch rollbackEntered =
        new java.util.concurrent.CountDownLatch(1);

    @Override
    public PreparedRun prepareRun(String model, Trigger trigger, String runKey) {
      prepared.add(trigger);
      preparedAt.add(
          io.temporal.activity.Activity.getExecutionContext().getInfo().getScheduledTimestamp());
      String runId = "run-" + runs.incrementAndGet();
      return new PreparedRun(
          "SlowPipeline",
          TaskQueues.PIPELINES,
          dev.keel.workflows.training.PipelineRequests.request(runId, model)
              .gitCommit(null)
              .build());
    }

    @Override
    public void recordEvent(String model, LifecycleEvent event) {
      events.add(event);
    }

    @Override
    public RollbackResult planRollback(String model, RollbackRequest request) {
      return new RollbackResult(model, 3, 2);
    }

    @Override
    public RollbackResult rollback(String model, RollbackResult plan, RollbackRequest request) {
      rollbackEntered.countDown();
      if (rollbackGate != null) {
        try {
          rollbackGate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return plan;
    }
  }
}
