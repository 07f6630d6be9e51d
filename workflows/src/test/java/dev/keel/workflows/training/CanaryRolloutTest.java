package dev.keel.workflows.training;

import static dev.keel.workflows.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.workflows.Histories;
import dev.keel.workflows.contract.CanaryPolicy;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.ReleasePolicy;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.TaskQueues;
import dev.keel.workflows.training.ReleasePipelineTest.FakeDeployments;
import dev.keel.workflows.training.TrainingPipelineTest.FakeDatasets;
import dev.keel.workflows.training.TrainingPipelineTest.FakeTraining;
import dev.keel.workflows.training.TrainingPipelineTest.RecordingRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The canary saga's compensation on time-skipping Temporal: a canary that may have started is
 * aborted when its start fails and when the run is cancelled during the canary window.
 */
class CanaryRolloutTest {

  static final ReleasePolicy CANARY =
      new ReleasePolicy("auto", 0, new CanaryPolicy(0.1, 600, 0.05, 2.0));

  TestWorkflowEnvironment env;
  WorkflowClient client;
  FakeTraining training = new FakeTraining();
  FakeDeployments deployments = new FakeDeployments();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(TrainingPipelineImpl.class);
    env.newWorker(TaskQueues.COMPUTE)
        .registerActivitiesImplementations(new FakeDatasets(), training);
    env.newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations(new RecordingRegistry(), deployments);
    env.start();
    client = env.getWorkflowClient();
    training.championAccuracy = 0.7;
  }

  @AfterEach
  void stop() {
    env.close();
  }

  TrainingPipeline stub() {
    return client.newWorkflowStub(
        TrainingPipeline.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId("run-1")
            .setTaskQueue(TaskQueues.PIPELINES)
            .build());
  }

  @Test
  void aCanaryWhoseStartFailedAfterTakingEffectIsAborted() {
    deployments.startFailsAfterTakingEffect = true;

    PipelineResult result =
        stub().run(ReleasePipelineTest.request(CANARY, List.of(), ReleasePipelineTest.CHAMPION));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.FAILED);
    assertThat(result.outcome().error()).contains("serving store did not answer in time");
    assertThat(deployments.calls).containsExactly("startCanary 1", "abortCanary 1");
    Histories.record(client, "run-1", "training-pipeline-canary-start-failed.json");
  }

  @Test
  void cancellingTheRunDuringTheCanaryWindowAbortsTheCanary() {
    TrainingPipeline pipeline = stub();
    WorkflowClient.start(
        pipeline::run,
        ReleasePipelineTest.request(CANARY, List.of(), ReleasePipelineTest.CHAMPION));
    WorkflowStub run = WorkflowStub.fromTyped(pipeline);
    // the client is not waiting for the result, so the test server does not skip the canary's
    // window
    eventually(() -> assertThat(deployments.calls).contains("startCanary 1"));

    run.cancel();

    assertThatThrownBy(() -> run.getResult(PipelineResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(deployments.calls).containsExactly("startCanary 1", "abortCanary 1");
    Histories.record(client, "run-1", "training-pipeline-canary-cancelled.json");
  }
}
