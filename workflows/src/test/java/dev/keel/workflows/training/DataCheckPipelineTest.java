package dev.keel.workflows.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.workflows.Histories;
import dev.keel.workflows.contract.ActivityStats;
import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalRequest;
import dev.keel.workflows.contract.ChampionRef;
import dev.keel.workflows.contract.DataCheck;
import dev.keel.workflows.contract.DataCheckActivities;
import dev.keel.workflows.contract.DataCheckRequest;
import dev.keel.workflows.contract.DataCheckResult;
import dev.keel.workflows.contract.DataValidationPolicy;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.PipelineResult;
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
 * The {@code dataCheck} stage of automatic retrains on time-skipping Temporal, with a scripted
 * check: pass, warn, fail, and a hold that a person releases or rejects through the approval
 * Update.
 */
class DataCheckPipelineTest {

  static final DatasetRef BASELINE = new DatasetRef("wine", "sha256:" + "d".repeat(64));
  static final String PROBLEM =
      "column 'total_sulfur_dioxide': PSI 4.815 against the training profile (max 0.25)";

  TestWorkflowEnvironment env;
  WorkflowClient client;
  FakeTraining training = new FakeTraining();
  RecordingRegistry registry = new RecordingRegistry();
  ScriptedCheck checks = new ScriptedCheck();
  ReleasePipelineTest.FakeDeployments deployments = new ReleasePipelineTest.FakeDeployments();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(TrainingPipelineImpl.class);
    env.newWorker(TaskQueues.COMPUTE)
        .registerActivitiesImplementations(new FakeDatasets(), training, checks);
    env.newWorker(TaskQueues.CONTROL).registerActivitiesImplementations(registry, deployments);
    env.start();
    client = env.getWorkflowClient();
    training.championAccuracy = 0.7;
  }

  @AfterEach
  void stop() {
    env.close();
  }

  static PipelineRequest request(String onFailure) {
    return PipelineRequests.request("run-1", "wine-model")
        .spec(TrainingPipelineTest.spec(List.of()))
        .dataset(TrainingPipelineTest.DATA)
        .champion(new ChampionRef(1, "sha256:" + "c".repeat(64)))
        .build()
        .withDataCheck(
            new DataCheck(
                new DataValidationPolicy(onFailure, null, null, null, null).withDefaults(),
                BASELINE,
                "new-data",
                3600));
  }

  TrainingPipeline stub() {
    return client.newWorkflowStub(
        TrainingPipeline.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId("run-1")
            .setTaskQueue(TaskQueues.PIPELINES)
            .build());
  }

  static StageRecord stage(PipelineResult result, String name) {
    return result.outcome().stages().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void dataThatPassesIsCheckedBetweenValidateAndTrainAndTrains() {
    PipelineResult result = stub().run(request("fail"));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(result.outcome().stages())
        .extracting(StageRecord::name)
        .containsExactly("ingest", "validate", "dataCheck", "train", "evaluate", "register");
    assertThat(stage(result, "dataCheck").status()).isEqualTo(StageRecord.SUCCEEDED);
    assertThat(stage(result, "dataCheck").detail()).isEqualTo("no problems in 11 columns");
    assertThat(checks.requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.dataset()).isEqualTo(TrainingPipelineTest.DATA);
              assertThat(r.baseline()).isEqualTo(BASELINE);
              assertThat(r.policy().maxPsi()).isEqualTo(0.25);
            });
  }

  @Test
  void failEndsTheRunAtTheCheckNamingTheColumnsAndTrainsNothing() {
    checks.problems = List.of(PROBLEM);

    PipelineResult result = stub().run(request("fail"));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.FAILED);
    assertThat(result.outcome().error()).isEqualTo("dataCheck: " + PROBLEM);
    assertThat(stage(result, "dataCheck").status()).isEqualTo(StageRecord.FAILED);
    assertThat(stage(result, "dataCheck").detail())
        .isEqualTo("1 problem in 1 of 11 columns [total_sulfur_dioxide]: " + PROBLEM);
    assertThat(stage(result, "train").status()).isEqualTo(StageRecord.SKIPPED);
    assertThat(training.trainCalls).hasValue(0);
    Histories.record(client, "run-1", "training-pipeline-data-check-failed.json");
  }

  @Test
  void warnRecordsTheProblemsAndTrains() {
    checks.problems = List.of(PROBLEM);

    PipelineResult result = stub().run(request("warn"));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(stage(result, "dataCheck").status()).isEqualTo(StageRecord.SUCCEEDED);
    assertThat(stage(result, "dataCheck").detail())
        .startsWith("warning (onFailure: warn): 1 problem")
        .endsWith(PROBLEM);
    assertThat(training.trainCalls).hasValue(1);
  }

  @Test
  void holdWaitsForAPersonWhoReleasesTheRunThroughTheApprovalUpdate() {
    checks.problems = List.of(PROBLEM);
    TrainingPipeline pipeline = stub();
    WorkflowClient.start(pipeline::run, request("hold"));

    awaitStage(pipeline, "dataCheck");
    awaitWait();
    assertThat(registry.waits)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.stage()).isEqualTo("dataCheck");
              assertThat(w.version()).isNull();
            });
    StageRecord held =
        pipeline.progress().stages().stream()
            .filter(s -> s.name().equals("dataCheck"))
            .findFirst()
            .orElseThrow();
    assertThat(held.status()).isEqualTo(StageRecord.RUNNING);
    assertThat(held.detail()).startsWith("held for a person").endsWith(PROBLEM);
    assertThat(training.trainCalls).hasValue(0);

    ApprovalDecision released =
        pipeline.decide(new ApprovalRequest("approve", "alice", "white wine is intended"));
    assertThat(released.stage()).isEqualTo("dataCheck");
    assertThatThrownBy(() -> pipeline.decide(new ApprovalRequest("reject", "bob", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("is not awaiting approval");

    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);
    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(stage(result, "dataCheck").status()).isEqualTo(StageRecord.SUCCEEDED);
    assertThat(stage(result, "dataCheck").detail())
        .endsWith("; released by alice: white wine is intended");
    assertThat(registry.approvals)
        .singleElement()
        .satisfies(a -> assertThat(a.stage()).isEqualTo("dataCheck"));
    assertThat(training.trainCalls).hasValue(1);
    Histories.record(client, "run-1", "training-pipeline-data-check-hold-released.json");
  }

  @Test
  void aReleasedHoldIsNotTheReleaseApprovalWhichAPersonStillDecides() {
    checks.problems = List.of(PROBLEM);
    TrainingPipeline pipeline = stub();
    WorkflowClient.start(
        pipeline::run,
        new PipelineRequest(
                "run-1",
                "wine-model",
                TrainingPipelineTest.spec(List.of()),
                TrainingPipelineTest.DATA,
                new ChampionRef(1, "sha256:" + "c".repeat(64)),
                "0.1.0",
                "abc123",
                null,
                new dev.keel.workflows.contract.ReleasePolicy("manual", 86_400, null))
            .withDataCheck(request("hold").dataCheck()));
    awaitStage(pipeline, "dataCheck");
    awaitWait(); // the stage runs its check before it holds
    pipeline.decide(new ApprovalRequest("approve", "alice", "intended"));

    awaitStage(pipeline, "approve");
    ApprovalDecision approval = pipeline.decide(new ApprovalRequest("approve", "bob", "good"));

    assertThat(approval.stage()).isNull();
    assertThat(approval.version()).isEqualTo(1);
    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);
    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(registry.approvals)
        .extracting(ApprovalDecision::actor, ApprovalDecision::stage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice", "dataCheck"),
            org.assertj.core.groups.Tuple.tuple("bob", null));
    assertThat(registry.waits)
        .extracting(dev.keel.workflows.contract.ApprovalWait::stage)
        .containsExactly("dataCheck", null);
    assertThat(deployments.calls).containsExactly("deploy 1");
  }

  @Test
  void aRejectedHoldEndsTheRunRejectedAndTrainsNothing() {
    checks.problems = List.of(PROBLEM);
    TrainingPipeline pipeline = stub();
    WorkflowClient.start(pipeline::run, request("hold"));
    awaitStage(pipeline, "dataCheck");
    awaitWait();

    pipeline.decide(new ApprovalRequest("reject", "carol", "wrong file"));

    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);
    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(result.outcome().error())
        .startsWith("dataCheck: rejected by carol: wrong file; 1 problem")
        .endsWith(PROBLEM);
    assertThat(stage(result, "dataCheck").status()).isEqualTo(StageRecord.FAILED);
    assertThat(training.trainCalls).hasValue(0);
  }

  @Test
  void aHoldNobodyDecidesIsRejectedAtTheTimeout() {
    checks.problems = List.of(PROBLEM);

    PipelineResult result = stub().run(request("hold"));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(result.outcome().error())
        .startsWith("dataCheck: rejected by policy:timeout: no decision within 3600 s");
  }

  @Test
  void aRunWithoutADataCheckHasNoSuchStage() {
    PipelineResult result =
        stub()
            .run(
                PipelineRequests.request("run-1", "wine-model")
                    .spec(TrainingPipelineTest.spec(List.of()))
                    .dataset(TrainingPipelineTest.DATA)
                    .build());

    assertThat(result.outcome().stages()).extracting(StageRecord::name).doesNotContain("dataCheck");
    assertThat(checks.requests).isEmpty();
  }

  private void awaitWait() {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (registry.waits.isEmpty() && System.nanoTime() < deadline) {
      sleep();
    }
  }

  private void awaitStage(TrainingPipeline pipeline, String stage) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      RunProgress p = pipeline.progress();
      if (stage.equals(p.stage())) {
        return;
      }
      sleep();
    }
    throw new AssertionError("run never reached stage " + stage);
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static final class ScriptedCheck implements DataCheckActivities {
    final List<DataCheckRequest> requests = new CopyOnWriteArrayList<>();
    volatile List<String> problems = List.of();

    @Override
    public DataCheckResult check(DataCheckRequest request) {
      requests.add(request);
      String summary =
          problems.isEmpty()
              ? "no problems in 11 columns"
              : problems.size() + " problem in 1 of 11 columns [total_sulfur_dioxide]";
      return new DataCheckResult(
          problems.isEmpty(), summary, problems, 11, new ActivityStats(4, 1));
    }
  }
}
