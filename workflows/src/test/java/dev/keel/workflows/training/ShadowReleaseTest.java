package dev.keel.workflows.training;

import static dev.keel.workflows.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.workflows.Histories;
import dev.keel.workflows.contract.CanaryPolicy;
import dev.keel.workflows.contract.DeploymentRequest;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.ReleasePolicy;
import dev.keel.workflows.contract.ReplayPolicy;
import dev.keel.workflows.contract.ReplayReport;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.ShadowActivities;
import dev.keel.workflows.contract.ShadowPolicy;
import dev.keel.workflows.contract.ShadowReport;
import dev.keel.workflows.contract.StageRecord;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shadow releases and log replay on time-skipping Temporal: the shadow phase runs between approval
 * and the canary, is judged on its figures, waits for more traffic when it has too little, and is
 * always removed (also when the run is cancelled); log replay rejects a candidate before approval.
 */
class ShadowReleaseTest {

  static final ShadowPolicy SHADOW = new ShadowPolicy(0.5, 60, 0.9, 2.0, 50, null);

  TestWorkflowEnvironment env;
  WorkflowClient client;
  FakeTraining training = new FakeTraining();
  FakeDeployments deployments = new FakeDeployments();
  FakeShadows shadows = new FakeShadows();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(TrainingPipelineImpl.class);
    env.newWorker(TaskQueues.COMPUTE)
        .registerActivitiesImplementations(new FakeDatasets(), training);
    env.newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations(new RecordingRegistry(), deployments, shadows);
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

  static ReleasePolicy release(ShadowPolicy shadow, ReplayPolicy replay) {
    return new ReleasePolicy("auto", 0, new CanaryPolicy(0.1, 600, 0.05, 2.0), shadow, replay);
  }

  static StageRecord stage(PipelineResult result, String name) {
    return result.outcome().stages().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anAgreeingShadowIsRemovedAndTheCanaryFollows() {
    shadows.reports.add(new ShadowReport(418, 402, 2.0, 2.2, 0, 0));

    PipelineResult result =
        stub()
            .run(
                ReleasePipelineTest.request(
                    release(SHADOW, null), List.of(), ReleasePipelineTest.CHAMPION));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(shadows.calls).containsExactly("startShadow 1 0.5", "report 1", "stopShadow 1");
    assertThat(deployments.calls)
        .containsExactly("startCanary 1", "canaryHealth", "promoteCanary 1");
    assertThat(result.outcome().stages())
        .extracting(StageRecord::name)
        .containsSubsequence("approve", "shadow", "deploy");
    StageRecord shadow = stage(result, "shadow");
    assertThat(shadow.status()).isEqualTo(StageRecord.SUCCEEDED);
    assertThat(shadow.detail())
        .startsWith("agreement 0.962 over 418 paired predictions; p95 latency ratio 1.10");
    Histories.record(client, "run-1", "training-pipeline-shadow-passed.json");
  }

  @Test
  void aDisagreeingShadowIsRemovedAndTheCandidateNeverServes() {
    shadows.reports.add(new ShadowReport(300, 150, 2.0, 2.0, 0, 0));

    PipelineResult result =
        stub()
            .run(
                ReleasePipelineTest.request(
                    release(SHADOW, null), List.of(), ReleasePipelineTest.CHAMPION));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(result.outcome().error())
        .isEqualTo(
            "shadow failed: agreement 0.500 with the champion is below 0.900"
                + " (150 of 300 paired predictions)");
    assertThat(shadows.calls).containsExactly("startShadow 1 0.5", "report 1", "stopShadow 1");
    assertThat(deployments.calls).isEmpty();
    assertThat(stage(result, "shadow").status()).isEqualTo(StageRecord.FAILED);
    assertThat(stage(result, "deploy").status()).isEqualTo(StageRecord.SKIPPED);
    Histories.record(client, "run-1", "training-pipeline-shadow-disagreed.json");
  }

  @Test
  void aShadowWithTooFewPredictionsWaitsTwoMoreWindowsThenFails() {
    shadows.reports.add(new ShadowReport(10, 10, 2.0, 2.0, 0, 0));
    shadows.reports.add(new ShadowReport(20, 20, 2.0, 2.0, 0, 0));
    shadows.reports.add(new ShadowReport(30, 30, 2.0, 2.0, 0, 0));

    PipelineResult result =
        stub()
            .run(
                ReleasePipelineTest.request(
                    release(SHADOW, null), List.of(), ReleasePipelineTest.CHAMPION));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(result.outcome().error())
        .isEqualTo(
            "shadow failed: only 30 paired predictions in 180 s of shadow traffic;"
                + " at least 50 are needed");
    assertThat(shadows.calls)
        .containsExactly("startShadow 1 0.5", "report 1", "report 1", "report 1", "stopShadow 1");
    assertThat(deployments.calls).isEmpty();
  }

  @Test
  void enoughPredictionsInTheSecondWindowAreJudged() {
    shadows.reports.add(new ShadowReport(10, 10, 2.0, 2.0, 0, 0));
    shadows.reports.add(new ShadowReport(60, 60, 2.0, 2.0, 0, 0));

    PipelineResult result =
        stub()
            .run(
                ReleasePipelineTest.request(
                    release(SHADOW, null), List.of(), ReleasePipelineTest.CHAMPION));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(shadows.calls)
        .containsExactly("startShadow 1 0.5", "report 1", "report 1", "stopShadow 1");
  }

  @Test
  void aShadowBelowItsMinimumAccuracyOnLabelledPredictionsFails() {
    shadows.reports.add(new ShadowReport(100, 95, 2.0, 2.0, 40, 20));

    PipelineResult result =
        stub()
            .run(
                ReleasePipelineTest.request(
                    release(new ShadowPolicy(0.5, 60, 0.9, 2.0, 50, 0.7), null),
                    List.of(),
                    ReleasePipelineTest.CHAMPION));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(result.outcome().error())
        .contains("shadow accuracy 0.500 is below 0.700 (20 of 40 labelled predictions)");
  }

  @Test
  void withoutAChampionTheShadowIsSkipped() {
    PipelineResult result =
        stub().run(ReleasePipelineTest.request(release(SHADOW, null), List.of()));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(shadows.calls).isEmpty();
    assertThat(deployments.calls).containsExactly("deploy 1");
    assertThat(stage(result, "shadow").status()).isEqualTo(StageRecord.SKIPPED);
  }

  @Test
  void cancellingTheRunDuringTheShadowWindowRemovesTheShadow() {
    TrainingPipeline pipeline = stub();
    WorkflowClient.start(
        pipeline::run,
        ReleasePipelineTest.request(
            release(SHADOW, null), List.of(), ReleasePipelineTest.CHAMPION));
    WorkflowStub run = WorkflowStub.fromTyped(pipeline);
    // the client is not waiting for the result, so the test server does not skip the window
    eventually(() -> assertThat(shadows.calls).contains("startShadow 1 0.5"));

    run.cancel();

    assertThatThrownBy(() -> run.getResult(PipelineResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(shadows.calls).containsExactly("startShadow 1 0.5", "stopShadow 1");
    assertThat(deployments.calls).isEmpty();
    Histories.record(client, "run-1", "training-pipeline-shadow-cancelled.json");
  }

  @Test
  void aReplayBelowItsAgreementRejectsBeforeApproval() {
    shadows.replay = new ReplayReport(1000, 700, List.of());

    PipelineResult result =
        stub()
            .run(
                ReleasePipelineTest.request(
                    release(SHADOW, new ReplayPolicy(1000, 0.9)),
                    List.of(),
                    ReleasePipelineTest.CHAMPION));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(result.outcome().error())
        .isEqualTo(
            "log replay: agreement 0.700 with the champion's logged outputs is below 0.900"
                + " (700 of 1000 logged predictions)");
    assertThat(shadows.calls).containsExactly("replay 1000");
    assertThat(stage(result, "replay").status()).isEqualTo(StageRecord.FAILED);
    assertThat(stage(result, "approve").status()).isEqualTo(StageRecord.SKIPPED);
    Histories.record(client, "run-1", "training-pipeline-replay-rejected.json");
  }

  @Test
  void aReplayWithNothingLoggedIsSkippedAndTheReleaseGoesOn() {
    shadows.replay = null;

    PipelineResult result =
        stub()
            .run(
                ReleasePipelineTest.request(
                    release(null, new ReplayPolicy(1000, 0.9)),
                    List.of(),
                    ReleasePipelineTest.CHAMPION));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    StageRecord replay = stage(result, "replay");
    assertThat(replay.status()).isEqualTo(StageRecord.SKIPPED);
    assertThat(replay.detail()).isEqualTo("no logged predictions of the champion to replay yet");
    assertThat(result.outcome().stages())
        .extracting(StageRecord::name)
        .containsSubsequence("register", "replay", "approve", "deploy");
  }

  static final class FakeShadows implements ShadowActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<ShadowReport> reports = new CopyOnWriteArrayList<>();
    final AtomicInteger read = new AtomicInteger();
    volatile ReplayReport replay;

    @Override
    public void startShadow(DeploymentRequest request) {
      calls.add("startShadow " + request.version() + " " + request.share());
    }

    @Override
    public void stopShadow(DeploymentRequest request) {
      calls.add("stopShadow " + request.version());
    }

    @Override
    public ShadowReport shadowReport(String model, int version) {
      calls.add("report " + version);
      int i = Math.min(read.getAndIncrement(), reports.size() - 1);
      return reports.get(i);
    }

    @Override
    public ReplayReport replay(String model, String artifactHash, int lastN) {
      calls.add("replay " + lastN);
      return replay;
    }
  }
}
