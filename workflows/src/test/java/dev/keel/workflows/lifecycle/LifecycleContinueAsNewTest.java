package dev.keel.workflows.lifecycle;

import static dev.keel.workflows.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.Histories;
import dev.keel.workflows.TaskQueues;
import dev.keel.workflows.lifecycle.ModelLifecycleTest.FakeStore;
import dev.keel.workflows.lifecycle.ModelLifecycleTest.SlowPipelineImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The model lifecycle continues as new only once its Update and signal handlers have finished. */
class LifecycleContinueAsNewTest {

  static final String ID = ModelLifecycle.workflowId("wine");

  TestWorkflowEnvironment env;
  WorkflowClient client;
  FakeStore store = new FakeStore();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES).registerWorkflowImplementationTypes(ModelLifecycleImpl.class,
        SlowPipelineImpl.class);
    env.newWorker(TaskQueues.CONTROL).registerActivitiesImplementations(store);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aRollbackInFlightWhenTheLifecycleHasHandledItsEventsFinishesBeforeItContinuesAsNew() throws Exception {
    store.rollbackGate = new CountDownLatch(1);
    ModelLifecycle lifecycle = client.newWorkflowStub(ModelLifecycle.class, WorkflowOptions.newBuilder()
        .setWorkflowId(ID).setTaskQueue(TaskQueues.PIPELINES).build());
    // one event per execution: the lifecycle continues as new as soon as its run has ended
    WorkflowClient.start(lifecycle::run, new LifecycleState("wine", 0, null, null, null, List.of(), 1));
    String firstExecution = WorkflowStub.fromTyped(lifecycle).getExecution().getRunId();
    lifecycle.retrain(new Trigger(Trigger.MANUAL, null, "first", "alice"));
    // the run is prepared by an activity, and the test server skips time while an activity runs
    eventually(env, () -> assertThat(lifecycle.view().inFlightRunId()).isEqualTo("run-1"));
    env.sleep(Duration.ofMinutes(9).plusSeconds(50)); // run-1 takes ten minutes

    WorkflowUpdateHandle<RollbackResult> rollback = WorkflowStub.fromTyped(lifecycle).startUpdate("rollback",
        WorkflowUpdateStage.ACCEPTED, RollbackResult.class, new RollbackRequest(null, "oncall", "bad predictions"));
    assertThat(store.rollbackEntered.await(10, TimeUnit.SECONDS)).as("the rollback's activity started").isTrue();
    env.sleep(Duration.ofSeconds(20)); // run-1 ends while the rollback's activity is still running
    eventually(env, () -> assertThat(store.events).extracting(LifecycleEvent::kind).contains("retrain-ended"));
    store.rollbackGate.countDown();

    eventually(env, () -> assertThat(store.events).extracting(LifecycleEvent::kind).contains("rollback"));
    assertThat(rollback.getResult()).satisfies(r -> {
      assertThat(r.from()).isEqualTo(3);
      assertThat(r.to()).isEqualTo(2);
    });
    eventually(env, () -> assertThat(client.newUntypedWorkflowStub(ID).describe().getExecution().getRunId())
        .isNotEqualTo(firstExecution));
    assertThat(client.newWorkflowStub(ModelLifecycle.class, ID).view().recent()).extracting(LifecycleEvent::kind)
        .containsExactly("retrain-started", "retrain-ended", "rollback");
    Histories.record(client, ID, firstExecution, "model-lifecycle-rollback-before-continue-as-new.json");
  }
}
