package dev.keel.workflows.lifecycle;

import static dev.keel.workflows.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.workflows.Histories;
import dev.keel.workflows.contract.TaskQueues;
import dev.keel.workflows.lifecycle.LifecycleContinueAsNewTest.GatedPipeline;
import dev.keel.workflows.lifecycle.LifecycleContinueAsNewTest.GatedPipelineImpl;
import dev.keel.workflows.lifecycle.ModelLifecycleTest.FakeStore;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs a person starts through the API go through the model's lifecycle ({@code startRun} Update):
 * one run in flight at most, whoever started it; a refusal names the run in flight. Pipelines end
 * when the test signals them.
 */
class LifecycleRunStartTest {

  static final String ID = ModelLifecycle.workflowId("wine");

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

  static RunStart api(String key, String reason) {
    return new RunStart(new Trigger(Trigger.MANUAL, null, reason, "alice"), key, null);
  }

  @Test
  void aSecondRunWhileOneIsInFlightIsRefusedNamingItAndATriggerWaitsForIt() {
    ModelLifecycle lifecycle =
        client.newWorkflowStub(
            ModelLifecycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    WorkflowClient.start(lifecycle::run, new LifecycleState("wine", 3600));

    RunStarted first = lifecycle.startRun(api("k-1", "through the API"));
    assertThat(first).isEqualTo(new RunStarted("run-1", true));
    assertThat(lifecycle.view().inFlightRunId()).isEqualTo("run-1");

    assertThatThrownBy(() -> lifecycle.startRun(api("k-2", "another")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("model 'wine' already has run run-1 in flight");
    assertThat(lifecycle.startRun(api("k-1", "the same request again")))
        .as("a repeated request finds the run it started")
        .isEqualTo(new RunStarted("run-1", false));
    // a person's retrain while the API's run is in flight: coalesced, it follows the run instead of
    // running beside it
    lifecycle.retrain(new Trigger(Trigger.MANUAL, null, "retrain please", "bob"));
    eventually(
        env, () -> assertThat(store.events).extracting(LifecycleEvent::kind).contains("coalesced"));
    assertThat(store.prepared).extracting(Trigger::reason).containsExactly("through the API");
    assertThat(lifecycle.view().pending().reason()).isEqualTo("retrain please");

    client.newWorkflowStub(GatedPipeline.class, "run-1").finish();
    eventually(env, () -> assertThat(lifecycle.view().inFlightRunId()).isEqualTo("run-2"));
    assertThatThrownBy(() -> lifecycle.startRun(api("k-3", "while the retrain runs")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("already has run run-2 in flight");

    client.newWorkflowStub(GatedPipeline.class, "run-2").finish();
    eventually(env, () -> assertThat(lifecycle.view().inFlightRunId()).isNull());
    assertThat(lifecycle.startRun(api(null, "after both")))
        .isEqualTo(new RunStarted("run-3", true));
    assertThat(store.prepared)
        .extracting(Trigger::reason)
        .containsExactly("through the API", "retrain please", "after both");
    client.newWorkflowStub(GatedPipeline.class, "run-3").finish();
    eventually(env, () -> assertThat(lifecycle.view().inFlightRunId()).isNull());
    assertThat(store.events)
        .extracting(LifecycleEvent::kind)
        .containsExactly(
            "retrain-started",
            "coalesced",
            "retrain-ended",
            "retrain-started",
            "retrain-ended",
            "retrain-started",
            "retrain-ended");
    Histories.record(client, ID, "model-lifecycle-runs-through-lifecycle.json");
  }

  @Test
  void aRunStartedThroughTheApiEndsBeforeTheLifecycleContinuesAsNew() {
    ModelLifecycle lifecycle =
        client.newWorkflowStub(
            ModelLifecycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    // two events per execution: the run's start and end
    WorkflowClient.start(
        lifecycle::run, new LifecycleState("wine", 0, null, null, null, java.util.List.of(), 2));
    String firstExecution =
        io.temporal.client.WorkflowStub.fromTyped(lifecycle).getExecution().getRunId();

    assertThat(lifecycle.startRun(api("k-1", "through the API")).runId()).isEqualTo("run-1");
    client.newWorkflowStub(GatedPipeline.class, "run-1").finish();

    eventually(
        env,
        () ->
            assertThat(client.newUntypedWorkflowStub(ID).describe().getExecution().getRunId())
                .isNotEqualTo(firstExecution));
    ModelLifecycle next = client.newWorkflowStub(ModelLifecycle.class, ID);
    assertThat(next.view().recent())
        .extracting(LifecycleEvent::kind)
        .containsExactly("retrain-started", "retrain-ended");
    assertThat(next.startRun(api("k-2", "on the next execution")).runId()).isEqualTo("run-2");
    Histories.record(client, ID, firstExecution, "model-lifecycle-api-run-continued-as-new.json");
  }

  @Test
  void aRequestTheLifecycleSeesAfterItsCallerStoppedWaitingStartsNothing() {
    ModelLifecycle lifecycle =
        client.newWorkflowStub(
            ModelLifecycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    WorkflowClient.start(lifecycle::run, new LifecycleState("wine", 0));

    long past = env.currentTimeMillis() - 1;
    assertThatThrownBy(
            () ->
                lifecycle.startRun(
                    new RunStart(new Trigger(Trigger.MANUAL, null, "late", "alice"), null, past)))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("after the caller had stopped waiting; no run was started")
        .isInstanceOfSatisfying(
            io.temporal.failure.ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(ModelLifecycleImpl.RUN_START_TOO_LATE));
    assertThat(store.prepared).isEmpty();
  }
}
