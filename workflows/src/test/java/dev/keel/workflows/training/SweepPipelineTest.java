package dev.keel.workflows.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.ParamRange;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.Registration;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.StageRecord;
import dev.keel.workflows.contract.SweepSpec;
import dev.keel.workflows.contract.SweepSummary;
import dev.keel.workflows.contract.TaskQueues;
import dev.keel.workflows.contract.TrackingActivities;
import dev.keel.workflows.contract.TrainerSpec;
import dev.keel.workflows.contract.TrialRecord;
import dev.keel.workflows.contract.TrialRequest;
import dev.keel.workflows.training.TrainingPipelineTest.FakeDatasets;
import dev.keel.workflows.training.TrainingPipelineTest.FakeTraining;
import dev.keel.workflows.training.TrainingPipelineTest.RecordingRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hyperparameter sweeps inside the training pipeline, with scripted trials. */
class SweepPipelineTest {

  TestWorkflowEnvironment env;
  WorkflowClient client;
  FakeDatasets datasets = new FakeDatasets();
  FakeTraining training = new FakeTraining();
  RecordingRegistry registry = new RecordingRegistry();
  RecordingTracking tracking = new RecordingTracking();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(TrainingPipelineImpl.class);
    env.newWorker(TaskQueues.COMPUTE).registerActivitiesImplementations(datasets, training);
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerActivitiesImplementations(registry, tracking);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  static SweepSpec grid(int trials, int concurrency) {
    return new SweepSpec(
        SweepSpec.GRID,
        Map.of(
            "maxDepth", ParamRange.choice(List.of("2", "4", "6", "8")),
            "eta", ParamRange.choice(List.of("0.1", "0.3"))),
        trials,
        concurrency,
        null,
        7,
        0.2);
  }

  static ModelSpec spec(SweepSpec sweep) {
    return ModelSpecs.wineQuality(
            new TrainerSpec("xgboost", Map.of("trees", "50", "maxDepth", "3")))
        .sweep(sweep)
        .build();
  }

  PipelineResult run(ModelSpec spec) {
    TrainingPipeline pipeline =
        client.newWorkflowStub(
            TrainingPipeline.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("run-s")
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    return pipeline.run(
        PipelineRequests.request("run-s", "wine-model")
            .spec(spec)
            .dataset(TrainingPipelineTest.DATA)
            .build());
  }

  @Test
  void gridSweepRunsTheBudgetWithinTheConcurrencyCapAndTrainsTheBestTrial() throws Exception {
    training.slowTrialMillis = 200;
    PipelineResult result = run(spec(grid(5, 2)));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(training.trials).hasSize(5);
    assertThat(training.maxTrialsRunning.get()).isEqualTo(2);
    // names in order, the last varying fastest: (eta 0.1: depth 2, 4, 6, 8), (eta 0.3: depth 2)
    assertThat(training.trials)
        .extracting(t -> t.spec().trainer().params().get("maxDepth"))
        .containsExactlyInAnyOrder("2", "4", "6", "8", "2");
    assertThat(training.trials)
        .allSatisfy(
            t -> {
              assertThat(t.validationFraction()).isEqualTo(0.2);
              assertThat(t.metric()).isEqualTo("accuracy");
              assertThat(t.spec().trainer().params()).containsEntry("trees", "50");
              assertThat(t.spec().sweep()).isNull();
            });
    assertThat(training.lastTrain.spec().trainer().params())
        .containsEntry("maxDepth", "8")
        .containsEntry("eta", "0.1")
        .containsEntry("trees", "50");

    assertThat(result.outcome().stages())
        .extracting(StageRecord::name)
        .containsExactly("ingest", "validate", "sweep", "train", "evaluate", "register");
    StageRecord sweep = result.outcome().stages().get(2);
    assertThat(sweep.status()).isEqualTo(StageRecord.SUCCEEDED);
    assertThat(sweep.detail())
        .isEqualTo(
            "5 of 5 trials done: 5 finished, 0 failed, 0 running; "
                + "best accuracy 0.5800 (trial 4)");

    Registration registration = registry.outcomes.get(0).registration();
    assertThat(registration.trainer().params()).containsEntry("maxDepth", "8");
    assertThat(registration.sweep())
        .isEqualTo(
            new SweepSummary(
                "grid", "accuracy", 4, Map.of("eta", "0.1", "maxDepth", "8"), 0.58, 5, 0));
    assertThat(tracking.trials)
        .hasSize(5)
        .allSatisfy(
            t -> {
              assertThat(t.status()).isEqualTo(TrialRecord.FINISHED);
              assertThat(t.runId()).isEqualTo("run-s");
              assertThat(t.metrics()).containsKey("accuracy");
            });
    assertThat(tracking.trials)
        .extracting(TrialRecord::trial)
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5);

    // the sweep's history replays against the code that wrote it
    WorkflowReplayer.replayWorkflowExecution(
        client.fetchHistory("run-s"), TrainingPipelineImpl.class);
  }

  @Test
  void aFailingTrialIsRecordedAndTheSweepGoesOn() {
    training.trialAccuracy =
        p -> {
          if (p.get("maxDepth").equals("8")) {
            throw new IllegalArgumentException("parameter 'maxDepth' is too deep for this worker");
          }
          return 0.5 + Integer.parseInt(p.get("maxDepth")) / 100.0;
        };
    PipelineResult result = run(spec(grid(8, 3)));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(training.maxTrialsRunning.get()).isLessThanOrEqualTo(3);
    Registration registration = registry.outcomes.get(0).registration();
    assertThat(registration.sweep().finished()).isEqualTo(6);
    assertThat(registration.sweep().failed()).isEqualTo(2);
    assertThat(registration.sweep().chosenParams())
        .containsEntry("maxDepth", "6")
        .containsEntry("eta", "0.1");
    assertThat(tracking.trials)
        .filteredOn(t -> t.status().equals(TrialRecord.FAILED))
        .hasSize(2)
        .allSatisfy(
            t ->
                assertThat(t.error())
                    .isEqualTo("parameter 'maxDepth' is too deep for this worker"));
  }

  @Test
  void everyTrialFailingFailsTheRunAtTheSweepWithTheReason() {
    training.trialAccuracy =
        p -> {
          throw new IllegalArgumentException(
              "parameter 'eta' of algorithm 'xgboost' is 'x', expected a positive number");
        };
    PipelineResult result = run(spec(grid(3, 2)));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.FAILED);
    assertThat(result.outcome().error())
        .isEqualTo(
            "sweep: all 3 trials failed; trial 1 {eta=0.1, maxDepth=2}: "
                + "parameter 'eta' of algorithm 'xgboost' is 'x', expected a positive number");
    assertThat(result.outcome().stages())
        .extracting(StageRecord::status)
        .containsExactly("SUCCEEDED", "SUCCEEDED", "FAILED", "SKIPPED", "SKIPPED", "SKIPPED");
    assertThat(training.trainCalls.get()).isZero();
    assertThat(tracking.trials).hasSize(3);
  }

  @Test
  void randomSearchChoosesByTheSweepMetricInItsDirection() {
    // logLoss: lower is better; the fake's "accuracy" is used as the value, so the lowest depth
    // wins
    SweepSpec random =
        new SweepSpec(
            SweepSpec.RANDOM,
            Map.of("maxDepth", ParamRange.range(2, 9, ParamRange.LINEAR, ParamRange.INT)),
            6,
            6,
            "logLoss",
            11,
            0.25);
    PipelineResult result = run(spec(random));

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    List<Map<String, String>> planned = SweepPlan.trials(random);
    String lowest =
        planned.stream()
            .map(p -> p.get("maxDepth"))
            .min((a, b) -> Integer.parseInt(a) - Integer.parseInt(b))
            .orElseThrow();
    assertThat(training.lastTrain.spec().trainer().params()).containsEntry("maxDepth", lowest);
    assertThat(training.trials)
        .allSatisfy(
            t -> {
              assertThat(t.metric()).isEqualTo("logLoss");
              assertThat(t.validationFraction()).isEqualTo(0.25);
            });
    assertThat(registry.outcomes.get(0).registration().sweep().strategy()).isEqualTo("random");
  }

  static final class RecordingTracking implements TrackingActivities {
    final List<TrialRecord> trials = new CopyOnWriteArrayList<>();

    @Override
    public void recordTrial(TrialRecord trial) {
      trials.add(trial);
    }
  }

  @Test
  void aWorkerLostMidSweepCostsOnlyTheTrialsThatWereRunning() throws Exception {
    // pipeline and compute workers in a process of their own, which dies while trials 5 and 6 run;
    // their activities
    // are retried after the training heartbeat timeout (a minute of real time: the test takes that
    // long)
    FakeTraining first = new FakeTraining();
    first.slowTrialMillis = 300;
    WorkerFactory doomed = workerProcess(first);
    doomed.start();
    WorkflowClient.start(
        client.newWorkflowStub(
                TrainingPipeline.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("run-k")
                    .setTaskQueue("pipelines-k")
                    .build())
            ::run,
        PipelineRequests.request("run-k", "wine-model")
            .spec(spec(grid(8, 2)))
            .dataset(TrainingPipelineTest.DATA)
            .computeQueue("compute-k")
            .build());
    while (tracking.trials.size() < 4) {
      Thread.sleep(20);
    }
    doomed.shutdownNow();
    doomed.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    int recorded = tracking.trials.size();

    FakeTraining second = new FakeTraining();
    WorkerFactory replacement = workerProcess(second);
    replacement.start();
    PipelineResult result = client.newUntypedWorkflowStub("run-k").getResult(PipelineResult.class);
    replacement.shutdown();

    assertThat(result.outcome().status()).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(result.outcome().stages().get(2).detail())
        .startsWith("8 of 8 trials done: 8 finished");
    // every trial recorded before the loss was not run again
    java.util.Set<Integer> before = new java.util.HashSet<>();
    tracking.trials.subList(0, recorded).forEach(t -> before.add(t.trial()));
    assertThat(second.trials).extracting(TrialRequest::trial).doesNotContainAnyElementsOf(before);
    assertThat(first.trials.size() + second.trials.size()).isLessThanOrEqualTo(8 + 2);
  }

  private WorkerFactory workerProcess(FakeTraining training) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    WorkerOptions options =
        WorkerOptions.newBuilder()
            .setStickyQueueScheduleToStartTimeout(java.time.Duration.ZERO)
            .build();
    factory
        .newWorker("pipelines-k", options)
        .registerWorkflowImplementationTypes(TrainingPipelineImpl.class);
    factory.newWorker("compute-k", options).registerActivitiesImplementations(datasets, training);
    return factory;
  }
}
