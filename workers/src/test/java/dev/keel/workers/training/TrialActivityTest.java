package dev.keel.workers.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.data.DatasetLoader;
import dev.keel.ml.training.TrainingData;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.EvaluateRequest;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.TrainRequest;
import dev.keel.workflows.contract.TrainingActivities;
import dev.keel.workflows.contract.TrialRequest;
import dev.keel.workflows.contract.TrialResult;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweep trials on the real red-wine data: validation carved from the training rows, deterministic,
 * failing clearly.
 */
class TrialActivityTest {

  @TempDir static Path dir;

  private static ArtifactStore store;
  private static DatasetLoader loader;
  private static TrainingActivitiesImpl activities;
  private static DatasetRef wine;

  @BeforeAll
  static void setUp() throws IOException {
    store = new ArtifactStore(dir.resolve("artifacts"));
    loader = new DatasetLoader(store);
    activities = new TrainingActivitiesImpl(store, loader);
    wine =
        new DatasetRef(
            "wine",
            store.put(Files.readAllBytes(Path.of("../../shared/data/wine-quality-red.csv"))));
  }

  @Test
  void aTrialTrainsOnPartOfTheTrainingRowsAndScoresOnTheRestNeverTheHoldout() {
    ModelSpec spec =
        TrainingActivitiesImplTest.classifier("logistic", Map.of("learningRate", "0.01"), 42);

    TrialResult result = activities.trial(new TrialRequest("run-1", 1, wine, spec, "rocAuc", 0.2));

    // 1599 labelled rows: 320 held out, 1279 for training, of which 256 validate the trial
    assertThat(result.trainRows()).isEqualTo(1023);
    assertThat(result.validationRows()).isEqualTo(256);
    assertThat(result.metrics()).containsKeys("accuracy", "macroF1", "logLoss", "rocAuc");
    assertThat(result.value()).isEqualTo(result.metrics().get("rocAuc")).isBetween(0.7, 1.0);
    assertThat(activities.trial(new TrialRequest("run-1", 2, wine, spec, "rocAuc", 0.2)).metrics())
        .isEqualTo(result.metrics());

    TrainingData<?> data = TrainingData.of(loader.load(wine), spec);
    TrainingData<?> split = data.validationSplit(0.2, 42);
    Set<Integer> validation = new HashSet<>(split.holdoutRows());
    assertThat(validation).hasSize(256).doesNotContainAnyElementsOf(data.holdoutRows());
    assertThat(split.trainRows()).doesNotContainAnyElementsOf(validation);
    Set<Integer> all = new HashSet<>(split.trainRows());
    all.addAll(validation);
    assertThat(all).containsExactlyInAnyOrderElementsOf(data.trainRows());
  }

  @Test
  void aTrialIsScoredDifferentlyFromTheHoldoutEvaluation() {
    ModelSpec spec = TrainingActivitiesImplTest.classifier("cart", Map.of("maxDepth", "4"), 42);

    double validation =
        activities.trial(new TrialRequest("run-1", 1, wine, spec, "accuracy", 0.3)).value();
    String artifact = activities.train(new TrainRequest("run-1", wine, spec)).artifactHash();
    double holdout =
        activities
            .evaluate(new EvaluateRequest(wine, spec, artifact, null))
            .metrics()
            .get("accuracy");

    assertThat(validation).isNotEqualTo(holdout);
  }

  @Test
  void aBadParameterOrAMissingMetricFailsTheTrialWithoutRetrying() {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(activities);
      TrainingActivities stub = env.newActivityStub(TrainingActivities.class);

      ModelSpec badEta = TrainingActivitiesImplTest.classifier("xgboost", Map.of("eta", "-1"), 42);
      assertThatThrownBy(
              () -> stub.trial(new TrialRequest("run-1", 3, wine, badEta, "accuracy", 0.2)))
          .isInstanceOf(ActivityFailure.class)
          .cause()
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo(PipelineActivities.INVALID_INPUT);
                assertThat(f.isNonRetryable()).isTrue();
                assertThat(f.getOriginalMessage())
                    .contains("parameter 'eta' of algorithm 'xgboost' is '-1'");
              });

      ModelSpec cart = TrainingActivitiesImplTest.classifier("cart", Map.of(), 42);
      assertThatThrownBy(() -> stub.trial(new TrialRequest("run-1", 4, wine, cart, "logLoss", 0.2)))
          .cause()
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f ->
                  assertThat(f.getOriginalMessage())
                      .isEqualTo(
                          "the trial's model gives no 'logLoss' on the validation split; it has "
                              + "[accuracy, macroF1, rocAuc]"));
    } finally {
      env.close();
    }
  }
}
