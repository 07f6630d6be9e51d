package dev.keel.workers.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.data.DatasetLoader;
import dev.keel.ml.data.Table;
import dev.keel.ml.training.Algorithms;
import dev.keel.ml.training.CanonicalModelHash;
import dev.keel.ml.training.Evaluation;
import dev.keel.ml.training.ModelArtifacts;
import dev.keel.ml.training.ModelScorer;
import dev.keel.ml.training.TrainingData;
import dev.keel.workflows.contract.Binarize;
import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.EvaluateRequest;
import dev.keel.workflows.contract.EvaluateResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.TrainRequest;
import dev.keel.workflows.contract.TrainResult;
import dev.keel.workflows.contract.TrainerSpec;
import dev.keel.workflows.contract.TrainingActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Model;

/** Training and evaluation on the real red-wine data with real Tribuo trainers. */
class TrainingActivitiesImplTest {

  private static final Path WINE = Path.of("../../shared/data/wine-quality-red.csv");

  @TempDir static Path dir;

  private static ArtifactStore store;
  private static DatasetLoader loader;
  private static TrainingActivitiesImpl activities;
  private static List<String> wineLines;
  private static DatasetRef wine;

  @BeforeAll
  static void setUp() throws IOException {
    store = new ArtifactStore(dir.resolve("artifacts"));
    loader = new DatasetLoader(store);
    activities = new TrainingActivitiesImpl(store, loader);
    wineLines = Files.readAllLines(WINE, StandardCharsets.UTF_8);
    wine = dataset("wine", wineLines);
  }

  private static DatasetRef dataset(String name, List<String> lines) {
    return new DatasetRef(
        name, store.put((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  static ModelSpec classifier(String algorithm, Map<String, String> params, long seed) {
    return new ModelSpec(
        ModelSpec.CLASSIFICATION,
        "quality",
        new Binarize(">=", 6),
        null,
        List.of(),
        new TrainerSpec(algorithm, params),
        List.of(),
        null,
        0.2,
        seed,
        true);
  }

  static ModelSpec regressor(String algorithm, Map<String, String> params, long seed) {
    return new ModelSpec(
        ModelSpec.REGRESSION,
        "quality",
        null,
        null,
        List.of(),
        new TrainerSpec(algorithm, params),
        List.of(),
        null,
        0.2,
        seed,
        true);
  }

  private static EvaluateResult trainAndEvaluate(ModelSpec spec) {
    TrainResult trained = activities.train(new TrainRequest("run-1", wine, spec));
    return activities.evaluate(new EvaluateRequest(wine, spec, trained.artifactHash(), null));
  }

  @Test
  void logisticAndXgboostClassifyRedWineQuality() {
    EvaluateResult logistic = trainAndEvaluate(classifier("logistic", Map.of(), 42));
    EvaluateResult xgboost = trainAndEvaluate(classifier("xgboost", Map.of(), 42));

    assertThat(logistic.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.72);
    assertThat(xgboost.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.78);
    assertThat(logistic.metrics()).containsKeys("accuracy", "macroF1", "logLoss", "rocAuc");
    assertThat(logistic.metrics().get("rocAuc")).isBetween(0.75, 1.0);
    assertThat(logistic.metrics().get("logLoss")).isBetween(0.0, 0.69);
    assertThat(xgboost.championMetrics()).isNull();
    assertThat(xgboost.championError()).isNull();
  }

  @Test
  void linearAndXgboostRegressionReachUsefulRmse() {
    EvaluateResult linear = trainAndEvaluate(regressor("linear", Map.of(), 42));
    EvaluateResult xgboost = trainAndEvaluate(regressor("xgboost", Map.of(), 42));

    assertThat(linear.metrics()).containsOnlyKeys("rmse", "mae", "r2");
    assertThat(linear.metrics().get("rmse")).isLessThanOrEqualTo(0.70);
    assertThat(xgboost.metrics().get("rmse")).isLessThanOrEqualTo(0.70);
    assertThat(linear.metrics().get("r2")).isPositive();
  }

  static Stream<Arguments> algorithms() {
    List<Arguments> all = new ArrayList<>();
    Algorithms.CLASSIFICATION.forEach(a -> all.add(Arguments.of(classifier(a, Map.of(), 7))));
    Algorithms.REGRESSION.forEach(a -> all.add(Arguments.of(regressor(a, Map.of(), 7))));
    return all.stream();
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("algorithms")
  void retrainingGivesTheSameCanonicalHashWhileRawBytesDiffer(ModelSpec spec)
      throws InterruptedException {
    TrainingData<?> data = TrainingData.of(loader.load(wine), spec);
    Model<?> first = TrainingSupport.fit(data, spec);
    Thread.sleep(5); // provenance records times in milliseconds
    Model<?> second = TrainingSupport.fit(data, spec);

    assertThat(first.serialize().toByteArray()).isNotEqualTo(second.serialize().toByteArray());
    assertThat(CanonicalModelHash.of(first.serialize()))
        .isEqualTo(CanonicalModelHash.of(second.serialize()))
        .matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void aDifferentSeedOrParameterGivesADifferentHash() {
    String base =
        activities
            .train(new TrainRequest("a", wine, classifier("xgboost", Map.of(), 1)))
            .artifactHash();
    String otherSeed =
        activities
            .train(new TrainRequest("b", wine, classifier("xgboost", Map.of(), 2)))
            .artifactHash();
    String otherParam =
        activities
            .train(new TrainRequest("c", wine, classifier("xgboost", Map.of("trees", "20"), 1)))
            .artifactHash();
    // same split (seed 1), only the trainer's randomness differs
    TrainingData<?> data =
        TrainingData.of(loader.load(wine), regressor("random-forest", Map.of(), 1));
    String forestA =
        CanonicalModelHash.of(
            TrainingSupport.fit(data, regressor("random-forest", Map.of("trees", "5"), 1))
                .serialize());
    String forestB =
        CanonicalModelHash.of(
            TrainingSupport.fit(data, regressor("random-forest", Map.of("trees", "5"), 2))
                .serialize());

    assertThat(List.of(base, otherSeed, otherParam)).doesNotHaveDuplicates();
    assertThat(forestA).isNotEqualTo(forestB);
  }

  @Test
  void trainAndEvaluateUseTheSameSeededHoldout() {
    ModelSpec spec = classifier("logistic", Map.of(), 42);
    Table table = loader.load(wine);
    TrainingData<?> once = TrainingData.of(table, spec);
    TrainingData<?> again = TrainingData.of(table, spec);
    TrainResult trained = activities.train(new TrainRequest("run", wine, spec));
    EvaluateResult evaluated =
        activities.evaluate(new EvaluateRequest(wine, spec, trained.artifactHash(), null));

    assertThat(trained.holdoutRows()).isEqualTo(320);
    assertThat(trained.trainRows()).isEqualTo(1279);
    assertThat(again.holdoutRows()).isEqualTo(once.holdoutRows());
    assertThat(once.holdoutRows()).doesNotContainAnyElementsOf(once.trainRows());
    assertThat(TrainingData.of(table, classifier("logistic", Map.of(), 43)).holdoutRows())
        .isNotEqualTo(once.holdoutRows());
    // evaluate's accuracy is the model's accuracy on exactly these 320 rows
    Model<?> model = new ModelArtifacts(store).get(trained.artifactHash());
    assertThat(evaluated.metrics().get("accuracy"))
        .isEqualTo(Evaluation.score(model, once.holdout(), spec).get("accuracy"));
    assertThat(trained.signature())
        .hasSize(11)
        .contains(new ColumnSpec("alcohol", ColumnSpec.NUMERIC))
        .doesNotContain(new ColumnSpec("quality", ColumnSpec.NUMERIC));
  }

  @Test
  void anUnknownAlgorithmOrParameterIsANonRetryableFailureNamingIt() {
    assertInvalid(
        () -> activities.train(new TrainRequest("r", wine, classifier("svm", Map.of(), 1))),
        "svm",
        "logistic");
    assertInvalid(
        () -> activities.train(new TrainRequest("r", wine, regressor("logistic", Map.of(), 1))),
        "logistic",
        "linear");
    assertInvalid(
        () ->
            activities.train(
                new TrainRequest("r", wine, classifier("xgboost", Map.of("depth", "3"), 1))),
        "depth",
        "maxDepth");
    assertInvalid(
        () ->
            activities.train(
                new TrainRequest("r", wine, classifier("cart", Map.of("maxDepth", "deep"), 1))),
        "maxDepth",
        "deep");
    assertInvalid(
        () ->
            activities.train(
                new TrainRequest(
                    "r", wine, classifier("random-forest", Map.of("featureFraction", "1.5"), 1))),
        "featureFraction",
        "(0, 1]");
  }

  @Test
  void missingOrCorruptArtifactsAreNonRetryableFailuresNamingThem() throws IOException {
    ModelSpec spec = classifier("cart", Map.of(), 3);
    String absent = "sha256:" + "ab".repeat(32);
    assertInvalid(() -> activities.evaluate(new EvaluateRequest(wine, spec, absent, null)), absent);
    assertInvalid(
        () -> activities.train(new TrainRequest("r", new DatasetRef("gone", absent), spec)),
        absent);

    String model = activities.train(new TrainRequest("r", wine, spec)).artifactHash();
    byte[] bytes = store.get(model);
    String forged = "sha256:" + "cd".repeat(32);
    store.put(forged, bytes); // a real model stored at an address that is not its hash
    assertInvalid(
        () -> activities.evaluate(new EvaluateRequest(wine, spec, forged, null)),
        forged,
        "corrupt");
  }

  @Test
  void theChampionIsScoredOnTheSameHoldout() {
    ModelSpec spec = classifier("logistic", Map.of(), 42);
    String champion =
        activities
            .train(new TrainRequest("old", wine, classifier("xgboost", Map.of(), 42)))
            .artifactHash();
    String candidate = activities.train(new TrainRequest("new", wine, spec)).artifactHash();

    EvaluateResult result =
        activities.evaluate(new EvaluateRequest(wine, spec, candidate, champion));
    EvaluateResult championAlone =
        activities.evaluate(new EvaluateRequest(wine, spec, champion, null));

    assertThat(result.championError()).isNull();
    assertThat(result.championMetrics()).isEqualTo(championAlone.metrics());
    assertThat(result.championMetrics().get("accuracy"))
        .isGreaterThan(result.metrics().get("accuracy"));
  }

  @Test
  void aChampionThatNeedsAnAbsentColumnIsReportedNotFailed() {
    ModelSpec spec = classifier("logistic", Map.of(), 42);
    String champion = activities.train(new TrainRequest("old", wine, spec)).artifactHash();
    DatasetRef noAlcohol = dataset("wine-no-alcohol", dropColumn(wineLines, "alcohol"));
    String candidate = activities.train(new TrainRequest("new", noAlcohol, spec)).artifactHash();

    EvaluateResult result =
        activities.evaluate(new EvaluateRequest(noAlcohol, spec, candidate, champion));

    assertThat(result.metrics().get("accuracy")).isGreaterThan(0.6);
    assertThat(result.championMetrics()).isNull();
    assertThat(result.championError()).contains(champion).contains("alcohol");
  }

  @Test
  void categoricalColumnsBecomeOneHotFeaturesInTrainingAndScoring() {
    DatasetRef graded = dataset("wine-graded", withGrade(wineLines));
    ModelSpec spec = classifier("logistic", Map.of(), 42);
    TrainResult trained = activities.train(new TrainRequest("run", graded, spec));
    EvaluateResult evaluated =
        activities.evaluate(new EvaluateRequest(graded, spec, trained.artifactHash(), null));

    assertThat(trained.signature())
        .contains(new ColumnSpec("grade", ColumnSpec.CATEGORICAL))
        .hasSize(12);
    assertThat(evaluated.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.72);
    Model<?> model = new ModelArtifacts(store).get(trained.artifactHash());
    assertThat(model.getFeatureIDMap().get("grade=high")).isNotNull();
    assertThat(model.getFeatureIDMap().get("grade=low")).isNotNull();

    ModelScorer scorer = ModelScorer.load(store, trained.artifactHash());
    Map<String, Object> row = wineRow(wineLines.get(1));
    row.put("grade", "low");
    ModelScorer.Scored scored = scorer.predict(row);
    assertThat(scored.label()).isIn(Binarize.POSITIVE, Binarize.NEGATIVE);
    assertThat(scored.probabilities()).containsOnlyKeys("0", "1");
    assertThat(scored.probabilities().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void theScorerPredictsARegressionValue() {
    String artifact =
        activities
            .train(new TrainRequest("r", wine, regressor("xgboost", Map.of(), 42)))
            .artifactHash();
    ModelScorer scorer = ModelScorer.load(store, artifact);
    Map<String, Object> row = wineRow(wineLines.get(1)); // quality 5
    row.put("alcohol", "9.4"); // numbers may arrive as text

    ModelScorer.Scored scored = scorer.predict(row);

    assertThat(scorer.isClassifier()).isFalse();
    assertThat(scored.label()).isNull();
    assertThat(scored.value()).isBetween(4.0, 6.0);
  }

  @Test
  void insideAnActivityItHeartbeatsAndFailsWithTheAttempt() {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      List<String> beats = Collections.synchronizedList(new ArrayList<>());
      env.setActivityHeartbeatListener(String.class, beats::add);
      env.registerActivitiesImplementations(activities);
      TrainingActivities stub = env.newActivityStub(TrainingActivities.class);

      TrainResult result =
          stub.train(new TrainRequest("run", wine, classifier("cart", Map.of(), 42)));

      assertThat(result.stats().attempt()).isEqualTo(1);
      assertThat(result.stats().elapsedMillis()).isNotNegative();
      // the SDK sends the first heartbeat at once and throttles the rest, which a quick training
      // outruns
      assertThat(beats).isNotEmpty().first().isEqualTo("loading " + wine);
      assertThatThrownBy(
              () -> stub.train(new TrainRequest("run", wine, classifier("svm", Map.of(), 42))))
          .isInstanceOf(ActivityFailure.class)
          .cause()
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo(PipelineActivities.INVALID_INPUT);
                assertThat(f.isNonRetryable()).isTrue();
                assertThat(f.getOriginalMessage()).contains("svm");
                assertThat(f.getDetails().get(Integer.class)).isEqualTo(1);
              });
    } finally {
      env.close();
    }
  }

  private static void assertInvalid(Runnable call, String... mentions) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(PipelineActivities.INVALID_INPUT);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains(mentions);
              assertThat(f.getDetails().get(Integer.class)).isEqualTo(1);
            });
  }

  private static List<String> dropColumn(List<String> lines, String column) {
    int index = List.of(lines.get(0).split(",")).indexOf(column);
    return lines.stream()
        .map(
            line -> {
              List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
              cells.remove(index);
              return String.join(",", cells);
            })
        .toList();
  }

  /** Adds a text column {@code grade} (high/low by alcohol, every 50th row missing). */
  private static List<String> withGrade(List<String> lines) {
    int alcohol = List.of(lines.get(0).split(",")).indexOf("alcohol");
    List<String> out = new ArrayList<>();
    out.add("grade," + lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      double a = Double.parseDouble(lines.get(i).split(",")[alcohol]);
      String grade = i % 50 == 0 ? "" : a >= 10.5 ? "high" : "low";
      out.add(grade + "," + lines.get(i));
    }
    return out;
  }

  private static Map<String, Object> wineRow(String line) {
    String[] header = wineLines.get(0).split(",");
    String[] cells = line.split(",");
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      if (!header[i].equals("quality")) {
        row.put(header[i], Double.parseDouble(cells[i]));
      }
    }
    return row;
  }
}
