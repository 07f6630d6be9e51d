package dev.keel.workflows.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.workflows.contract.ActivityStats;
import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalRequest;
import dev.keel.workflows.contract.ApprovalWait;
import dev.keel.workflows.contract.CanaryHealth;
import dev.keel.workflows.contract.CanaryPolicy;
import dev.keel.workflows.contract.ChampionRef;
import dev.keel.workflows.contract.DeploymentActivities;
import dev.keel.workflows.contract.DeploymentRequest;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.RegisteredVersion;
import dev.keel.workflows.contract.RegistryActivities;
import dev.keel.workflows.contract.ReleasePolicy;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.RunProgress;
import dev.keel.workflows.contract.StageRecord;
import dev.keel.workflows.contract.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A release run of an existing version (import → approve → deploy) on time-skipping Temporal,
 * activities faked.
 */
class ReleaseRunTest {

  TestWorkflowEnvironment env;
  WorkflowClient client;
  FakeImports imports = new FakeImports();
  Registry registry = new Registry();
  Deployments deployments = new Deployments();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(ReleasePipelineImpl.class);
    env.newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations(imports, registry, deployments);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  ReleasePipeline stub() {
    return client.newWorkflowStub(
        ReleasePipeline.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId("run-r1")
            .setTaskQueue(TaskQueues.PIPELINES)
            .build());
  }

  static ReleaseRequest request(ReleasePolicy policy, ChampionRef champion) {
    return new ReleaseRequest(
        "run-r1",
        "wine-onnx",
        3,
        policy,
        champion,
        List.of("alcohol", "pH"),
        List.of("bad", "good"),
        "exported from sklearn");
  }

  @Test
  void manualApprovalImportsThenWaitsForAPersonThenDeploys() {
    ReleasePipeline pipeline = stub();
    WorkflowClient.start(pipeline::run, request(new ReleasePolicy("manual", 86_400, null), null));
    awaitStage(pipeline, "approve");
    assertThat(imports.requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.version()).isEqualTo(3);
              assertThat(r.features()).containsExactly("alcohol", "pH");
              assertThat(r.labels()).containsExactly("bad", "good");
            });
    assertThat(deployments.calls).isEmpty();
    awaitWait();
    assertThat(registry.waits)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.runId()).isEqualTo("run-r1");
              assertThat(w.version()).isEqualTo(3);
              assertThat(w.stages())
                  .extracting(StageRecord::status)
                  .containsExactly(StageRecord.SUCCEEDED, StageRecord.RUNNING, StageRecord.PENDING);
            });

    ApprovalDecision decision =
        pipeline.decide(new ApprovalRequest("approve", "alice", "checked offline"));
    assertThat(decision.version()).isEqualTo(3);
    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(result.version().version()).isEqualTo(3);
    assertThat(deployments.calls).containsExactly("deploy 3 by alice");
    assertThat(result.outcome().stages())
        .extracting(StageRecord::name)
        .containsExactly("import", "approve", "deploy");
    assertThat(result.outcome().stages())
        .extracting(StageRecord::status)
        .containsOnly(StageRecord.SUCCEEDED);
    assertThat(registry.outcomes)
        .singleElement()
        .satisfies(o -> assertThat(o.registration()).isNull());
    recordHistory("release-pipeline-awaiting-approval.json");
  }

  /**
   * With {@code -Dkeel.recordHistories=DIR}, writes this run's history for {@link
   * ReleasePipelineReplayTest}: record a new one beside the old whenever the workflow's logic
   * changes.
   */
  private void recordHistory(String name) {
    String dir = System.getProperty("keel.recordHistories");
    if (dir != null) {
      try {
        java.nio.file.Files.writeString(
            java.nio.file.Path.of(dir, name), client.fetchHistory("run-r1").toJson(true));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void autoApprovalIsRecordedAsThePolicys() {
    PipelineResult result = stub().run(request(new ReleasePolicy("auto", 0, null), null));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(registry.approvals)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.actor()).isEqualTo("policy:auto");
              assertThat(a.comment()).isEqualTo("exported from sklearn");
            });
    assertThat(deployments.calls).containsExactly("deploy 3 by policy:auto");
    assertThat(registry.waits).as("an automatic approval never waits for a person").isEmpty();
  }

  @Test
  void rejectedReleaseIsNeverDeployed() {
    ReleasePipeline pipeline = stub();
    WorkflowClient.start(pipeline::run, request(new ReleasePolicy("manual", 86_400, null), null));
    awaitStage(pipeline, "approve");
    pipeline.decide(new ApprovalRequest("reject", "carol", "not validated on our data"));
    assertThatThrownBy(() -> pipeline.decide(new ApprovalRequest("approve", "dave", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("already decided");

    PipelineResult result = WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);
    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(result.outcome().error()).isEqualTo("rejected by carol: not validated on our data");
    assertThat(result.outcome().stages())
        .extracting(StageRecord::status)
        .containsExactly(StageRecord.SUCCEEDED, StageRecord.FAILED, StageRecord.SKIPPED);
    assertThat(deployments.calls).isEmpty();
  }

  @Test
  void aModelThatCannotBeImportedFailsTheRunWithItsReasonAndIsNeverApprovedOrDeployed() {
    imports.failure = "input 'input' is one float tensor [N,11] without feature names";
    PipelineResult result = stub().run(request(new ReleasePolicy("auto", 0, null), null));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.FAILED);
    assertThat(result.outcome().error())
        .isEqualTo("import: input 'input' is one float tensor [N,11] without feature names");
    assertThat(imports.attempts.get()).as("bad input is not retried").isEqualTo(1);
    assertThat(result.outcome().stages())
        .extracting(StageRecord::status)
        .containsExactly(StageRecord.FAILED, StageRecord.SKIPPED, StageRecord.SKIPPED);
    assertThat(registry.approvals).isEmpty();
    assertThat(deployments.calls).isEmpty();
    assertThat(registry.outcomes)
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(RunOutcome.FAILED));
  }

  @Test
  void decisionWhileImportingIsRefused() {
    imports.slowMillis = 2000;
    ReleasePipeline pipeline = stub();
    WorkflowClient.start(pipeline::run, request(new ReleasePolicy("manual", 86_400, null), null));
    awaitStage(pipeline, "import");
    assertThatThrownBy(() -> pipeline.decide(new ApprovalRequest("approve", "alice", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("is not awaiting approval");
  }

  @Test
  void withAChampionACanaryComesFirst() {
    PipelineResult result =
        stub()
            .run(
                request(
                    new ReleasePolicy("auto", 0, new CanaryPolicy(0.1, 600, 0.05, 2.0)),
                    new ChampionRef(2, "sha256:" + "c".repeat(64))));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(deployments.calls)
        .containsExactly("startCanary 3", "canaryHealth", "promoteCanary 3");
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

  private void awaitStage(ReleasePipeline pipeline, String stage) {
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

  static final class FakeImports implements ImportActivities {
    final List<ImportRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    volatile String failure;
    volatile long slowMillis;

    @Override
    public ImportResult importVersion(ImportRequest request) {
      attempts.incrementAndGet();
      if (failure != null) {
        throw ApplicationFailure.newNonRetryableFailure(failure, PipelineActivities.INVALID_INPUT);
      }
      if (slowMillis > 0) {
        try {
          Thread.sleep(slowMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      requests.add(request);
      return new ImportResult(
          "onnx", "sha256:" + "a".repeat(64), "classification", true, new ActivityStats(5, 1));
    }
  }

  static final class Registry implements RegistryActivities {
    final List<RunOutcome> outcomes = new CopyOnWriteArrayList<>();
    final List<ApprovalDecision> approvals = new CopyOnWriteArrayList<>();
    final List<ApprovalWait> waits = new CopyOnWriteArrayList<>();

    @Override
    public RegisteredVersion recordOutcome(RunOutcome outcome) {
      outcomes.add(outcome);
      return new RegisteredVersion(3, null, false);
    }

    @Override
    public RegisteredVersion registerVersion(RunOutcome interim) {
      throw new AssertionError("a release registers nothing");
    }

    @Override
    public void awaitApproval(ApprovalWait wait) {
      waits.add(wait);
    }

    @Override
    public void recordApproval(ApprovalDecision decision) {
      approvals.add(decision);
    }
  }

  static final class Deployments implements DeploymentActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void deploy(DeploymentRequest request) {
      calls.add("deploy " + request.version() + " by " + request.actor());
    }

    @Override
    public void startCanary(DeploymentRequest request) {
      calls.add("startCanary " + request.version());
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
      return new CanaryHealth(900, 0, 4.0, 100, 0, 5.0);
    }
  }
}
