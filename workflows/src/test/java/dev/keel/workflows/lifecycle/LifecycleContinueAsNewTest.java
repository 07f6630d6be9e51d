package dev.keel.workflows.lifecycle;

import static dev.keel.workflows.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.Histories;
import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.TaskQueues;
import dev.keel.workflows.lifecycle.ModelLifecycleTest.FakeStore;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The model lifecycle continues as new only once its Update and signal handlers have finished. */
class LifecycleContinueAsNewTest {

  static final String ID = ModelLifecycle.workflowId("wine");

  /**
   * The lifecycle's pipeline (same workflow type as the lifecycle tests' slow one), ending only
   * when the test says so: the time-skipping server may jump ahead whenever nothing runs, so a
   * pipeline that ends after a timer could end before the test has looked at it.
   */
  @WorkflowInterface
  public interface GatedPipeline {
    @WorkflowMethod(name = "SlowPipeline")
    PipelineResult run(PipelineRequest request);

    @SignalMethod
    void finish();
  }

  public static class GatedPipelineImpl implements GatedPipeline {
    private boolean finished;

    @Override
    public PipelineResult run(PipelineRequest request) {
      Workflow.await(() -> finished);
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

    @Override
    public void finish() {
      finished = true;
    }
  }

  TestWorkflowEnvironment env;
  WorkflowClient client;
  FakeStore store = new FakeStore();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(ModelLifecycleImpl.class, GatedPipelineImpl.class);
    env.newWorker(TaskQueues.CONTROL).registerActivitiesImplementations(store);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aRollbackInFlightWhenTheLifecycleHasHandledItsEventsFinishesBeforeItContinuesAsNew()
      throws Exception {
    store.rollbackGate = new CountDownLatch(1);
    ModelLifecycle lifecycle =
        client.newWorkflowStub(
            ModelLifecycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    // one event per execution: the lifecycle continues as new as soon as its run has ended
    WorkflowClient.start(
        lifecycle::run, new LifecycleState("wine", 0, null, null, null, List.of(), 1));
    String firstExecution = WorkflowStub.fromTyped(lifecycle).getExecution().getRunId();
    lifecycle.retrain(new Trigger(Trigger.MANUAL, null, "first", "alice"));
    eventually(() -> assertThat(lifecycle.view().inFlightRunId()).isEqualTo("run-1"));

    WorkflowUpdateHandle<RollbackResult> rollback =
        WorkflowStub.fromTyped(lifecycle)
            .startUpdate(
                "rollback",
                WorkflowUpdateStage.ACCEPTED,
                RollbackResult.class,
                new RollbackRequest(null, "oncall", "bad predictions"));
    assertThat(store.rollbackEntered.await(10, TimeUnit.SECONDS))
        .as("the rollback's activity started")
        .isTrue();
    client
        .newWorkflowStub(GatedPipeline.class, "run-1")
        .finish(); // run-1 ends while the rollback's activity runs
    eventually(
        env,
        () -> assertThat(store.events).extracting(LifecycleEvent::kind).contains("retrain-ended"));
    store.rollbackGate.countDown();

    eventually(
        env, () -> assertThat(store.events).extracting(LifecycleEvent::kind).contains("rollback"));
    assertThat(rollback.getResult())
        .satisfies(
            r -> {
              assertThat(r.from()).isEqualTo(3);
              assertThat(r.to()).isEqualTo(2);
            });
    eventually(
        env,
        () ->
            assertThat(client.newUntypedWorkflowStub(ID).describe().getExecution().getRunId())
                .isNotEqualTo(firstExecution));
    assertThat(client.newWorkflowStub(ModelLifecycle.class, ID).view().recent())
        .extracting(LifecycleEvent::kind)
        .containsExactly("retrain-started", "retrain-ended", "rollback");
    Histories.record(
        client, ID, firstExecution, "model-lifecycle-rollback-before-continue-as-new.json");
  }
}
