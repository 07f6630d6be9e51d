package dev.keel.workers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.data.CsvIngestor;
import dev.keel.ml.data.DatasetLoader;
import dev.keel.ml.data.IngestedDataset;
import dev.keel.workflows.contract.Binarize;
import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.DatasetActivities;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.IngestRequest;
import dev.keel.workflows.contract.IngestResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.TrainerSpec;
import dev.keel.workflows.contract.ValidateRequest;
import dev.keel.workflows.contract.ValidationResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetActivitiesImplTest {

  private static final Path RED = Path.of("../../shared/data/wine-quality-red.csv");

  @TempDir Path dir;

  private ArtifactStore store;
  private TestActivityEnvironment env;
  private DatasetActivities activities;

  @BeforeEach
  void setUp() {
    store = new ArtifactStore(dir);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new DatasetActivitiesImpl(new DatasetLoader(store)));
    activities =
        env.newActivityStub(
            DatasetActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private DatasetRef store(String name, String csv) {
    IngestedDataset d =
        new CsvIngestor().ingest(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    store.put(d.version(), d.canonical());
    return new DatasetRef(name, d.version());
  }

  private DatasetRef red() throws IOException {
    try (InputStream in = Files.newInputStream(RED)) {
      IngestedDataset d = new CsvIngestor().ingest(in);
      store.put(d.version(), d.canonical());
      return new DatasetRef("wine-red", d.version());
    }
  }

  private static ModelSpec spec(
      String task,
      String target,
      Binarize binarize,
      List<String> exclude,
      List<ColumnSpec> schema) {
    return new ModelSpec(
        task,
        target,
        binarize,
        null,
        exclude,
        new TrainerSpec("logistic", null),
        null,
        schema,
        0.2,
        42,
        false);
  }

  private static ModelSpec classify(String target) {
    return spec(ModelSpec.CLASSIFICATION, target, null, null, null);
  }

  /**
   * The failure as the workflow sees it: checks it is non-retryable bad input and returns its
   * message.
   */
  private static String invalidInput(Runnable call) {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, call::run);
    assertThat(failure).as("the activity must fail").isNotNull();
    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure app = (ApplicationFailure) failure.getCause();
    assertThat(app.getType()).isEqualTo(PipelineActivities.INVALID_INPUT);
    assertThat(app.isNonRetryable()).isTrue();
    assertThat(app.getDetails().get(0, Integer.class)).as("attempt in the details").isEqualTo(1);
    return app.getOriginalMessage();
  }

  private String validateFails(DatasetRef ref, ModelSpec spec) {
    return invalidInput(() -> activities.validate(new ValidateRequest(ref, spec)));
  }

  // --- ingest
  // ----------------------------------------------------------------------------------------------------

  @Test
  void ingestReportsRowsAndColumnTypes() throws IOException {
    DatasetRef ref = red();
    IngestResult result = activities.ingest(new IngestRequest(ref));
    assertThat(result.dataset()).isEqualTo(ref);
    assertThat(result.rows()).isEqualTo(1599);
    assertThat(result.columns())
        .hasSize(12)
        .contains(new ColumnSpec("alcohol", ColumnSpec.NUMERIC));
    assertThat(result.stats().attempt()).isEqualTo(1);
    assertThat(result.stats().elapsedMillis()).isNotNegative();
  }

  @Test
  void ingestOfAnUnknownVersionIsInvalidInput() {
    DatasetRef ref = new DatasetRef("wine", "sha256:" + "ab".repeat(32));
    assertThat(invalidInput(() -> activities.ingest(new IngestRequest(ref))))
        .isEqualTo("dataset wine@" + ref.version() + " is not in the artifact store");
  }

  @Test
  void ingestOfCorruptContentIsInvalidInput() throws IOException {
    DatasetRef ref = store("wine", "a,b\n1,2\n");
    Files.writeString(store.path(ref.version()), "a,b\n1,3\n");
    assertThat(invalidInput(() -> activities.ingest(new IngestRequest(ref))))
        .startsWith("dataset wine@" + ref.version() + " is corrupt");
  }

  @Test
  void ingestOfAMalformedVersionIsInvalidInput() {
    DatasetRef ref = new DatasetRef("wine", "latest");
    assertThat(invalidInput(() -> activities.ingest(new IngestRequest(ref))))
        .contains("dataset wine@latest")
        .contains("sha256:<64 hex>");
  }

  // --- validate: failures
  // ----------------------------------------------------------------------------------------

  @Test
  void datasetWithoutRowsIsRejected() {
    DatasetRef ref = store("empty", "a,quality\n");
    assertThat(validateFails(ref, classify("quality")))
        .isEqualTo("dataset " + ref + " has a header but no rows");
  }

  @Test
  void missingTargetColumnListsTheColumns() {
    DatasetRef ref = store("d", "a,b\n1,2\n");
    assertThat(validateFails(ref, classify("quality")))
        .contains("target column 'quality' is not in dataset")
        .contains("[a, b]");
  }

  @Test
  void targetWithoutValuesIsRejected() {
    DatasetRef ref = store("d", "a,quality\n1,NA\n2,?\n3,\n");
    assertThat(validateFails(ref, classify("quality")))
        .isEqualTo("target column 'quality' has no values: all 3 rows are missing");
  }

  @Test
  void regressionNeedsANumericTargetAndNamesTheRow() {
    DatasetRef ref = store("d", "a,price\n1,10\n2,11\n3,cheap\n");
    assertThat(validateFails(ref, spec(ModelSpec.REGRESSION, "price", null, null, null)))
        .contains("target column 'price' must be numeric for regression")
        .contains("row 3 (line 4)")
        .contains("'cheap'");
  }

  @Test
  void binarizeNeedsANumericTarget() {
    DatasetRef ref = store("d", "a,grade\n1,good\n2,bad\n");
    assertThat(
            validateFails(
                ref, spec(ModelSpec.CLASSIFICATION, "grade", new Binarize(">=", 6), null, null)))
        .contains("target column 'grade' must be numeric to binarize")
        .contains("row 1")
        .contains("'good'");
  }

  @Test
  void classificationNeedsTwoClasses() {
    DatasetRef ref = store("d", "a,label\n1,x\n2,x\n3,NA\n");
    assertThat(validateFails(ref, classify("label")))
        .contains("target column 'label' has a single class 'x'")
        .contains("at least two");
  }

  @Test
  void classificationNeedsTwoClassesAfterBinarizing() throws IOException {
    String message =
        validateFails(
            red(), spec(ModelSpec.CLASSIFICATION, "quality", new Binarize(">=", 0), null, null));
    assertThat(message)
        .contains("target column 'quality' has a single class '" + Binarize.POSITIVE + "'")
        .contains("after binarizing with quality >= 0");
  }

  @Test
  void unknownBinarizeOperatorIsRejected() throws IOException {
    assertThat(
            validateFails(
                red(),
                spec(ModelSpec.CLASSIFICATION, "quality", new Binarize("=>", 6), null, null)))
        .contains("binarize rule of target column 'quality'")
        .contains("unknown operator '=>'");
  }

  @Test
  void expectedColumnMissingFromTheData() throws IOException {
    List<ColumnSpec> schema =
        List.of(new ColumnSpec("alcohol", "numeric"), new ColumnSpec("colour", "categorical"));
    assertThat(validateFails(red(), spec(ModelSpec.REGRESSION, "quality", null, null, schema)))
        .startsWith("column 'colour' is missing: the model expects a categorical column 'colour'");
  }

  @Test
  void expectedNumericColumnWithTextNamesTheFirstBadRow() {
    StringBuilder csv = new StringBuilder("alcohol,quality\n");
    for (int i = 1; i <= 20; i++) {
      csv.append(i == 17 ? "abc" : i == 18 ? "NA" : "9." + i)
          .append(',')
          .append(i % 2)
          .append('\n');
    }
    DatasetRef ref = store("d", csv.toString());
    List<ColumnSpec> schema = List.of(new ColumnSpec("alcohol", "numeric"));
    assertThat(validateFails(ref, spec(ModelSpec.CLASSIFICATION, "quality", null, null, schema)))
        .isEqualTo("column 'alcohol' must be numeric, but row 17 (line 18) has 'abc'");
  }

  @Test
  void everyProblemWithTheSchemaIsReportedAtOnce() {
    DatasetRef ref = store("d", "a,b,y\nx,1,0\n2,2,1\n");
    List<ColumnSpec> schema =
        List.of(new ColumnSpec("a", "numeric"), new ColumnSpec("c", "numeric"));
    assertThat(validateFails(ref, spec(ModelSpec.CLASSIFICATION, "y", null, null, schema)))
        .contains("column 'a' must be numeric, but row 1 (line 2) has 'x'")
        .contains("; column 'c' is missing");
  }

  @Test
  void featureWithoutValuesIsRejected() {
    DatasetRef ref = store("d", "a,empty,y\n1,NA,0\n2,,1\n");
    assertThat(validateFails(ref, classify("y")))
        .startsWith("column 'empty' has no values: all 2 rows are missing");
  }

  // --- validate: success
  // -----------------------------------------------------------------------------------------

  @Test
  void featuresAreTheColumnsExceptTargetAndExcluded() throws IOException {
    ValidationResult result =
        activities.validate(
            new ValidateRequest(
                red(),
                spec(
                    ModelSpec.CLASSIFICATION,
                    "quality",
                    new Binarize(">=", 6),
                    List.of("density"),
                    null)));
    assertThat(result.features())
        .hasSize(10)
        .extracting(ColumnSpec::name)
        .doesNotContain("quality", "density")
        .contains("alcohol", "pH");
    assertThat(result.features()).extracting(ColumnSpec::type).containsOnly(ColumnSpec.NUMERIC);
    assertThat(result.labelledRows()).isEqualTo(1599);
    assertThat(result.stats().attempt()).isEqualTo(1);
  }

  @Test
  void labelledRowsCountOnlyRowsWithATarget() {
    DatasetRef ref = store("d", "a,colour,y\n1,red,0\n2,white,NA\n3,red,1\n4,NA,1\n");
    ValidationResult result = activities.validate(new ValidateRequest(ref, classify("y")));
    assertThat(result.labelledRows()).isEqualTo(3);
    assertThat(result.features())
        .containsExactly(new ColumnSpec("a", "numeric"), new ColumnSpec("colour", "categorical"));
  }

  @Test
  void numericDataIsAcceptedWhereTheModelExpectsCategories() {
    DatasetRef ref = store("d", "zip,x,y\n1000,1.5,0\n2000,2.5,1\n");
    List<ColumnSpec> schema =
        List.of(new ColumnSpec("zip", "categorical"), new ColumnSpec("x", "numeric"));
    ValidationResult result =
        activities.validate(
            new ValidateRequest(ref, spec(ModelSpec.CLASSIFICATION, "y", null, null, schema)));
    assertThat(result.features())
        .as("the signature training uses: zip codes stay categories")
        .containsExactly(new ColumnSpec("zip", "categorical"), new ColumnSpec("x", "numeric"));
  }

  @Test
  void attemptOutsideAnActivityIsOne() {
    assertThat(DatasetActivitiesImpl.attempt()).isEqualTo(1);
  }
}
