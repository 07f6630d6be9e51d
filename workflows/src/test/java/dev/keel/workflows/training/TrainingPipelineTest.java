package dev.keel.workflows.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.contract.ActivityStats;
import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalWait;
import dev.keel.workflows.contract.ChampionRef;
import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.DatasetActivities;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.EvaluateRequest;
import dev.keel.workflows.contract.EvaluateResult;
import dev.keel.workflows.contract.Gate;
import dev.keel.workflows.contract.IngestRequest;
import dev.keel.workflows.contract.IngestResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.RegisteredVersion;
import dev.keel.workflows.contract.Registration;
import dev.keel.workflows.contract.RegistryActivities;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.StageRecord;
import dev.keel.workflows.contract.TaskQueues;
import dev.keel.workflows.contract.TrainRequest;
import dev.keel.workflows.contract.TrainResult;
import dev.keel.workflows.contract.TrainerSpec;
import dev.keel.workflows.contract.TrainingActivities;
import dev.keel.workflows.contract.TrialRequest;
import dev.keel.workflows.contract.TrialResult;
import dev.keel.workflows.contract.ValidateRequest;
import dev.keel.workflows.contract.ValidationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's logic against Temporal's time-skipping test environment, with scripted activities.
 */
class TrainingPipelineTest {

  static final DatasetRef DATA = new DatasetRef("wine", "sha256:" + "a".repeat(64));
  static final List<ColumnSpec> SIGNATURE = List.of(new ColumnSpec("alcohol", ColumnSpec.NUMERIC));

  TestWorkflowEnvironment env;
  WorkflowClient client;
  FakeDatasets datasets = new FakeDatasets();
  FakeTraining training = new FakeTraining();
  RecordingRegistry registry = new RecordingRegistry();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker pipelines = env.newWorker(TaskQueues.PIPELINES);
    pipelines.registerWorkflowImplementationTypes(TrainingPipelineImpl.class);
    env.newWorker(TaskQueues.COMPUTE).registerActivitiesImplementations(datasets, training);
    env.newWorker(TaskQueues.CONTROL).registerActivitiesImplementations(registry);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  static ModelSpec spec(List<Gate> gates) {
    return ModelSpecs.wineQuality(new TrainerSpec("logistic", Map.of("epochs", "5")))
        .gates(gates)
        .build();
  }

  PipelineResult run(ModelSpec spec, ChampionRef champion) {
    TrainingPipeline pipeline =
        client.newWorkflowStub(
            TrainingPipeline.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("run-1")
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    return pipeline.run(
        PipelineRequests.request("run-1", "wine-model")
            .spec(spec)
            .dataset(DATA)
            .champion(champion)
            .build());
  }

  @Test
  void gatesPassedRegistersAPassingVersionWithLineage() {
    PipelineResult result = run(spec(List.of(new Gate("accuracy", ">=", 0.7))), null);

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(result.outcome().error()).isNull();
    assertThat(result.outcome().stages())
        .extracting(StageRecord::name)
        .containsExactly("ingest", "validate", "train", "evaluate", "register");
    assertThat(result.outcome().stages().subList(0, 4))
        .allSatisfy(
            s -> {
              assertThat(s.status()).isEqualTo(StageRecord.SUCCEEDED);
              assertThat(s.endedAt()).isGreaterThanOrEqualTo(s.startedAt());
              assertThat(s.attempts()).isEqualTo(1);
            });
    Registration reg = registry.outcomes.get(0).registration();
    assertThat(reg.passed()).isTrue();
    assertThat(reg.artifactHash()).isEqualTo(FakeTraining.ARTIFACT);
    assertThat(reg.dataset()).isEqualTo(DATA);
    assertThat(reg.signature()).isEqualTo(SIGNATURE);
    assertThat(reg.seed()).isEqualTo(42);
    assertThat(reg.gitCommit()).isEqualTo("abc123");
    assertThat(result.outcome().gates())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.passed()).isTrue();
              assertThat(g.reason()).contains("accuracy = 0.7500 satisfies >= 0.7");
            });
  }

  @Test
  void failedGateRegistersARejectedVersionAndSaysWhy() {
    PipelineResult result = run(spec(List.of(new Gate("accuracy", ">=", 0.9))), null);

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(result.outcome().error()).contains("accuracy = 0.7500 does not satisfy >= 0.9");
    assertThat(registry.outcomes.get(0).registration().passed()).isFalse();
  }

  @Test
  void candidateWorseThanChampionIsRejected() {
    training.championAccuracy = 0.8;
    PipelineResult result = run(spec(List.of()), new ChampionRef(1, "sha256:" + "c".repeat(64)));

    assertThat(training.lastChampionArtifact).isEqualTo("sha256:" + "c".repeat(64));
    assertThat(result.outcome().status()).isEqualTo(RunOutcome.REJECTED);
    assertThat(result.outcome().championMetrics()).containsEntry("accuracy", 0.8);
    assertThat(result.outcome().gates())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.source()).isEqualTo("champion");
              assertThat(g.reason()).contains("is below champion's 0.8000");
            });
  }

  @Test
  void invalidInputFailsTheRunAtItsStageWithoutRetrying() {
    datasets.validationError =
        "column 'alcohol' is missing: the model expects a numeric column 'alcohol'";
    PipelineResult result = run(spec(List.of()), null);

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.FAILED);
    assertThat(result.outcome().error())
        .isEqualTo(
            "validate: column 'alcohol' is missing: the model expects a numeric column 'alcohol'");
    assertThat(result.outcome().registration()).isNull();
    assertThat(result.outcome().stages())
        .extracting(StageRecord::status)
        .containsExactly("SUCCEEDED", "FAILED", "SKIPPED", "SKIPPED", "SKIPPED");
    assertThat(datasets.validateCalls.get()).isEqualTo(1);
    assertThat(training.trainCalls.get()).isZero();
  }

  @Test
  void stepsAnsweredFromTheStepCacheShowAsCached() {
    TrainingPipeline pipeline =
        client.newWorkflowStub(
            TrainingPipeline.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("run-1")
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    PipelineResult result =
        pipeline.run(
            PipelineRequests.request("run-1", "wine-model")
                .spec(spec(List.of()))
                .dataset(DATA)
                .cache(new dev.keel.workflows.contract.CachePolicy(7))
                .build());

    assertThat(training.lastTrain.cache())
        .isEqualTo(new dev.keel.workflows.contract.CachePolicy(7));
    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    // the register stage is closed by the store, with the version
    assertThat(result.outcome().stages().subList(0, 4))
        .extracting(StageRecord::status)
        .containsExactly("CACHED", "CACHED", "CACHED", "SUCCEEDED");
    assertThat(registry.outcomes.get(0).registration().artifactHash())
        .isEqualTo(FakeTraining.ARTIFACT);
    dev.keel.workflows.Histories.record(client, "run-1", "training-pipeline-cached.json");
  }

  @Test
  void transientFailureIsRetriedAndTheAttemptIsRecorded() {
    training.transientFailures = 2;
    PipelineResult result = run(spec(List.of()), null);

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(result.outcome().stages().get(2).attempts()).isEqualTo(3);
    assertThat(training.trainCalls.get()).isEqualTo(3);
  }

  /** As a worker's step cache answers for a step seen before: reused whenever a policy allows. */
  static Boolean cached(dev.keel.workflows.contract.CachePolicy policy) {
    return policy == null ? null : Boolean.TRUE;
  }

  static final class FakeDatasets implements DatasetActivities {
    volatile String validationError;
    final AtomicInteger validateCalls = new AtomicInteger();

    @Override
    public IngestResult ingest(IngestRequest request) {
      return new IngestResult(
          request.dataset(), 1599, SIGNATURE, new ActivityStats(3, 1, cached(request.cache())));
    }

    @Override
    public ValidationResult validate(ValidateRequest request) {
      validateCalls.incrementAndGet();
      if (validationError != null) {
        throw ApplicationFailure.newNonRetryableFailure(
            validationError, PipelineActivities.INVALID_INPUT, 1);
      }
      return new ValidationResult(
          SIGNATURE, 1599, new ActivityStats(2, 1, cached(request.cache())));
    }
  }

  static final class FakeTraining implements TrainingActivities {
    static final String ARTIFACT = "sha256:" + "b".repeat(64);
    final AtomicInteger trainCalls = new AtomicInteger();
    volatile int transientFailures;
    volatile Double championAccuracy;
    volatile String lastChampionArtifact;
    volatile long slowTrainMillis;

    @Override
    public TrainResult train(TrainRequest request) {
      lastTrain = request;
      int call = trainCalls.incrementAndGet();
      if (slowTrainMillis > 0) {
        try {
          Thread.sleep(slowTrainMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (call <= transientFailures) {
        throw new IllegalStateException("worker lost its disk for a moment");
      }
      return new TrainResult(
          ARTIFACT, SIGNATURE, 1279, 320, new ActivityStats(40, call, cached(request.cache())));
    }

    /**
     * A trial's validation accuracy from its parameters; throwing fails the trial (not retried).
     */
    volatile java.util.function.ToDoubleFunction<Map<String, String>> trialAccuracy =
        p -> 0.5 + Integer.parseInt(p.getOrDefault("maxDepth", "1")) / 100.0;

    volatile long slowTrialMillis = 50;
    final AtomicInteger trialsRunning = new AtomicInteger();
    final AtomicInteger maxTrialsRunning = new AtomicInteger();
    final List<TrialRequest> trials = new CopyOnWriteArrayList<>();
    volatile TrainRequest lastTrain;

    @Override
    public TrialResult trial(TrialRequest request) {
      trials.add(request);
      int now = trialsRunning.incrementAndGet();
      maxTrialsRunning.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(slowTrialMillis);
        double accuracy;
        try {
          accuracy = trialAccuracy.applyAsDouble(request.spec().trainer().params());
        } catch (RuntimeException e) {
          throw ApplicationFailure.newNonRetryableFailure(
              e.getMessage(), PipelineActivities.INVALID_INPUT, 1);
        }
        return new TrialResult(
            Map.of("accuracy", accuracy), accuracy, 1023, 256, new ActivityStats(10, 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        trialsRunning.decrementAndGet();
      }
    }

    @Override
    public EvaluateResult evaluate(EvaluateRequest request) {
      lastChampionArtifact = request.championArtifact();
      Map<String, Double> champion =
          request.championArtifact() == null ? null : Map.of("accuracy", championAccuracy);
      return new EvaluateResult(Map.of("accuracy", 0.75), champion, null, new ActivityStats(5, 1));
    }
  }

  static final class RecordingRegistry implements RegistryActivities {
    final List<RunOutcome> outcomes = new CopyOnWriteArrayList<>();
    final List<RunOutcome> registered = new CopyOnWriteArrayList<>();
    final List<ApprovalDecision> approvals = new CopyOnWriteArrayList<>();
    final List<ApprovalWait> waits = new CopyOnWriteArrayList<>();

    @Override
    public RegisteredVersion registerVersion(RunOutcome interim) {
      registered.add(interim);
      return new RegisteredVersion(
          1, interim.registration().passed() ? "PASSED" : "REJECTED", false);
    }

    @Override
    public void awaitApproval(ApprovalWait wait) {
      waits.add(wait);
    }

    @Override
    public void recordApproval(ApprovalDecision decision) {
      approvals.add(decision);
    }

    @Override
    public RegisteredVersion recordOutcome(RunOutcome outcome) {
      outcomes.add(outcome);
      Registration reg = outcome.registration();
      return reg == null
          ? new RegisteredVersion(null, null, false)
          : new RegisteredVersion(1, reg.passed() ? "PASSED" : "REJECTED", reg.passed());
    }
  }
}
