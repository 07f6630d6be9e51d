package dev.keel.workflows.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalRequest;
import dev.keel.workflows.contract.CanaryHealth;
import dev.keel.workflows.contract.CanaryPolicy;
import dev.keel.workflows.contract.ChampionRef;
import dev.keel.workflows.contract.DeploymentActivities;
import dev.keel.workflows.contract.DeploymentRequest;
import dev.keel.workflows.contract.Gate;
import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.ReleasePolicy;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.RunProgress;
import dev.keel.workflows.contract.StageRecord;
import dev.keel.workflows.contract.TaskQueues;
import dev.keel.workflows.training.TrainingPipelineTest.FakeDatasets;
import dev.keel.workflows.training.TrainingPipelineTest.FakeTraining;
import dev.keel.workflows.training.TrainingPipelineTest.RecordingRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Approval (auto, manual through an Update, timeout) and deployment (direct, canary saga) on
 * time-skipping Temporal.
 */
class ReleasePipelineTest {

  TestWorkflowEnvironment env;
  WorkflowClient client;
  FakeDatasets datasets = new FakeDatasets();
  FakeTraining training = new FakeTraining();
  RecordingRegistry registry = new RecordingRegistry();
  FakeDeployments deployments = new FakeDeployments();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(TrainingPipelineImpl.class);
    env.newWorker(TaskQueues.COMPUTE).registerActivitiesImplementations(datasets, training);
    env.newWorker(TaskQueues.CONTROL).registerActivitiesImplementations(registry, deployments);
    env.start();
    client = env.getWorkflowClient();
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

  static PipelineRequest request(ReleasePolicy release, List<Gate> gates) {
    return request(release, gates, null);
  }

  static PipelineRequest request(ReleasePolicy release, List<Gate> gates, ChampionRef champion) {
    return PipelineRequests.request("run-1", "wine-model")
        .spec(TrainingPipelineTest.spec(gates))
        .dataset(TrainingPipelineTest.DATA)
        .champion(champion)
        .gitCommit("abc")
        .release(release)
        .build();
  }

  static final ChampionRef CHAMPION = new ChampionRef(1, "sha256:" + "c".repeat(64));

  @Test
  void autoApprovalDeploysAPassingCandidateWithoutPromotingAtRegistration() {
    PipelineResult result = stub().run(request(new ReleasePolicy("auto", 0, null), List.of()));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(registry.registered.get(0).registration().promote()).isFalse();
    assertThat(registry.approvals)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.actor()).isEqualTo("policy:auto");
              assertThat(a.version()).isEqualTo(1);
            });
    assertThat(registry.waits).as("an automatic approval never waits for a person").isEmpty();
    assertThat(deployments.calls).containsExactly("deploy 1");
    assertThat(result.outcome().stages())
        .extracting(StageRecord::name)
        .containsExactly(
            "ingest", "validate", "train", "evaluate", "register", "approve", "deploy");
    assertThat(result.outcome().stages())
        .extracting(StageRecord::status)
        .containsOnly(StageRecord.SUCCEEDED);
  }

  @Test
  void failedGatesNeverReachApproval() {
    PipelineResult result =
        stub()
            .run(
                request(
                    new ReleasePolicy("manual", 3600, null),
                    List.of(new Gate("accuracy", ">=", 0.99))));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(registry.approvals).isEmpty();
    assertThat(deployments.calls).isEmpty();
  }

  @Test
  void manualApprovalWaitsForAPersonsDecisionThroughTheUpdate() {
    TrainingPipeline pipeline = stub();
    WorkflowClient.start(
        pipeline::run, request(new ReleasePolicy("manual", 86_400, null), List.of()));
    WorkflowStub untyped = WorkflowStub.fromTyped(pipeline);

    awaitStage(pipeline, "approve");
    awaitWait();
    assertThat(registry.waits)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.runId()).isEqualTo("run-1");
              assertThat(w.version()).isEqualTo(1);
              assertThat(w.stages())
                  .filteredOn(r -> r.name().equals("approve"))
                  .extracting(StageRecord::status)
                  .containsExactly(StageRecord.RUNNING);
            });
    assertThatThrownBy(() -> pipeline.decide(new ApprovalRequest("maybe", "alice", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("unknown decision 'maybe'");
    ApprovalDecision decision =
        pipeline.decide(new ApprovalRequest("approve", "alice", "looks good"));
    assertThat(decision.actor()).isEqualTo("alice");
    assertThat(decision.version()).isEqualTo(1);
    assertThatThrownBy(() -> pipeline.decide(new ApprovalRequest("reject", "bob", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("already decided");

    PipelineResult result = untyped.getResult(PipelineResult.class);
    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(registry.approvals)
        .singleElement()
        .satisfies(a -> assertThat(a.comment()).isEqualTo("looks good"));
    assertThat(deployments.calls).containsExactly("deploy 1");
    recordHistory("training-pipeline-awaiting-approval.json");
  }

  /**
   * With {@code -Dkeel.recordHistories=DIR}, writes this run's history for {@link
   * TrainingPipelineReplayTest}: record a new one beside the old whenever the workflow's logic
   * changes.
   */
  void recordHistory(String name) {
    dev.keel.workflows.Histories.record(client, "run-1", name);
  }

  @Test
  void rejectedCandidateIsNeverDeployed() {
    TrainingPipeline pipeline = stub();
    WorkflowClient.start(
        pipeline::run, request(new ReleasePolicy("manual", 86_400, null), List.of()));
    awaitStage(pipeline, "approve");
    pipeline.decide(new ApprovalRequest("reject", "carol", "too risky"));

    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);
    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(result.outcome().error()).isEqualTo("rejected by carol: too risky");
    assertThat(deployments.calls).isEmpty();
  }

  @Test
  void approvalTimesOutAsARecordedRejection() {
    PipelineResult result = stub().run(request(new ReleasePolicy("manual", 3600, null), List.of()));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(registry.approvals)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.actor()).isEqualTo("policy:timeout");
              assertThat(a.decision()).isEqualTo("reject");
            });
    assertThat(registry.waits).as("the run waited for a person until the timeout").hasSize(1);
    assertThat(deployments.calls).isEmpty();
  }

  @Test
  void decisionBeforeTheCandidateAwaitsApprovalIsRefused() {
    training.slowTrainMillis = 2000;
    TrainingPipeline pipeline = stub();
    WorkflowClient.start(
        pipeline::run, request(new ReleasePolicy("manual", 86_400, null), List.of()));
    awaitStage(pipeline, "train");
    assertThatThrownBy(() -> pipeline.decide(new ApprovalRequest("approve", "alice", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("is not awaiting approval");
  }

  @Test
  void firstVersionOfAModelIsDeployedWithoutACanary() {
    PipelineResult result =
        stub()
            .run(
                request(
                    new ReleasePolicy("auto", 0, new CanaryPolicy(0.1, 600, 0.05, 2.0)),
                    List.of()));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(deployments.calls).containsExactly("deploy 1");
  }

  @Test
  void healthyCanaryIsPromoted() {
    training.championAccuracy = 0.7;
    PipelineResult result =
        stub()
            .run(
                request(
                    new ReleasePolicy("auto", 0, new CanaryPolicy(0.1, 600, 0.05, 2.0)),
                    List.of(),
                    CHAMPION));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(deployments.calls)
        .containsExactly("startCanary 1", "canaryHealth", "promoteCanary 1");
    recordHistory("training-pipeline-canary-promoted.json");
  }

  @Test
  void unhealthyCanaryIsRolledBackByItsCompensation() {
    deployments.canaryErrors = 30;
    training.championAccuracy = 0.7;
    PipelineResult result =
        stub()
            .run(
                request(
                    new ReleasePolicy("auto", 0, new CanaryPolicy(0.1, 600, 0.05, 2.0)),
                    List.of(),
                    CHAMPION));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.ROLLED_BACK);
    assertThat(result.outcome().error()).contains("canary error rate 0.300 is above 0.050");
    assertThat(deployments.calls).containsExactly("startCanary 1", "canaryHealth", "abortCanary 1");
  }

  /** The wait is recorded by an activity that runs after the workflow reports stage approve. */
  private void awaitWait() {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (registry.waits.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void awaitStage(TrainingPipeline pipeline, String stage) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      RunProgress p = pipeline.progress();
      if (stage.equals(p.stage())) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("run never reached stage " + stage);
  }

  static final class FakeDeployments implements DeploymentActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile long canaryErrors;

    /**
     * The canary starts, but its activity fails anyway (as when it times out after taking effect).
     */
    volatile boolean startFailsAfterTakingEffect;

    @Override
    public void deploy(DeploymentRequest request) {
      calls.add("deploy " + request.version());
    }

    @Override
    public void startCanary(DeploymentRequest request) {
      calls.add("startCanary " + request.version());
      if (startFailsAfterTakingEffect) {
        throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
            "serving store did not answer in time", "Timeout");
      }
    }

    @Override
    public void promoteCanary(DeploymentRequest request) {
      calls.add("promoteCanary " + request.version());
    }

    @Override
    public void abortCanary(DeploymentRequest request) {
      calls.add("abortCanary " + request.version());
    }

    @Override
    public CanaryHealth canaryHealth(String model, long windowSeconds) {
      calls.add("canaryHealth");
      return new CanaryHealth(900, 0, 4.0, 100, canaryErrors, 5.0);
    }
  }
}
