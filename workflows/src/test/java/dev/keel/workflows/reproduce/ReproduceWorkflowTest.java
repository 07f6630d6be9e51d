package dev.keel.workflows.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.contract.ActivityStats;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.EvaluateRequest;
import dev.keel.workflows.contract.EvaluateResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.TaskQueues;
import dev.keel.workflows.contract.TrainRequest;
import dev.keel.workflows.contract.TrainResult;
import dev.keel.workflows.contract.TrainerSpec;
import dev.keel.workflows.contract.TrainingActivities;
import dev.keel.workflows.training.ModelSpecs;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reproduction logic with scripted training: the hash comparison, and a failed retraining recorded
 * as such.
 */
class ReproduceWorkflowTest {

  static final DatasetRef DATA = new DatasetRef("wine", "sha256:" + "a".repeat(64));
  static final String RECORDED = "sha256:" + "b".repeat(64);

  TestWorkflowEnvironment env;
  WorkflowClient client;
  ScriptedTraining training = new ScriptedTraining();
  List<ReproduceResult> recorded = new CopyOnWriteArrayList<>();
  List<TrainRequest> trained = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(ReproduceWorkflowImpl.class);
    env.newWorker(TaskQueues.COMPUTE).registerActivitiesImplementations(training);
    env.newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations((ReproductionActivities) recorded::add);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  ReproduceResult reproduce() {
    ModelSpec spec =
        ModelSpecs.wineQuality(new TrainerSpec("xgboost", Map.of("rounds", "30"))).seed(7).build();
    return client
        .newWorkflowStub(
            ReproduceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("reproduce-1")
                .setTaskQueue(TaskQueues.PIPELINES)
                .build())
        .reproduce(new ReproduceRequest("reproduce-1", "wine", 3, DATA, spec, RECORDED, null));
  }

  @Test
  void theSameHashIsIdenticalAndIsRecorded() {
    training.result = RECORDED;

    ReproduceResult result = reproduce();

    assertThat(result.identical()).isTrue();
    assertThat(result.reproducedHash()).isEqualTo(RECORDED);
    assertThat(recorded).containsExactly(result);
    assertThat(trained)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.dataset()).isEqualTo(DATA);
              assertThat(r.spec().trainer().params()).containsEntry("rounds", "30");
              assertThat(r.spec().seed()).isEqualTo(7);
            });
  }

  @Test
  void aDifferentHashIsNotIdentical() {
    training.result = "sha256:" + "c".repeat(64);

    ReproduceResult result = reproduce();

    assertThat(result.identical()).isFalse();
    assertThat(result.error()).isNull();
    assertThat(recorded).containsExactly(result);
  }

  @Test
  void aRetrainingThatCannotWorkIsRecordedAsFailedWithItsReason() {
    training.failure = "dataset sha256:aaa is no longer in the artifact store";

    ReproduceResult result = reproduce();

    assertThat(result.identical()).isFalse();
    assertThat(result.reproducedHash()).isNull();
    assertThat(result.error()).startsWith("train: ").contains("no longer in the artifact store");
    assertThat(recorded).containsExactly(result);
  }

  final class ScriptedTraining implements TrainingActivities {
    volatile String result;
    volatile String failure;

    @Override
    public TrainResult train(TrainRequest request) {
      trained.add(request);
      if (failure != null) {
        throw ApplicationFailure.newNonRetryableFailure(failure, PipelineActivities.INVALID_INPUT);
      }
      return new TrainResult(result, List.of(), 1279, 320, new ActivityStats(10, 1));
    }

    @Override
    public EvaluateResult evaluate(EvaluateRequest request) {
      throw new UnsupportedOperationException("a reproduction does not evaluate");
    }

    @Override
    public dev.keel.workflows.contract.TrialResult trial(
        dev.keel.workflows.contract.TrialRequest request) {
      throw new UnsupportedOperationException("a reproduction runs no sweep");
    }
  }
}
