package dev.keel.engine.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import dev.keel.testkit.WineOnnx;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * A team that trains elsewhere and exports ONNX deploys with Keel: versions registered as the
 * MLflow registry API registers them ('external', with a source in the MLflow artifact store) are
 * released — imported, approved, deployed — through the HTTP API, and then serve the exporting
 * model's own predictions.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OnnxReleaseApiTest {

  static final String ARTIFACTS = tempDir();
  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app(null, ARTIFACTS);

  static Http http;
  static WineOnnx.Trained<Label> classifier;
  static WineOnnx.Trained<Regressor> regression;
  static List<Map<String, Object>> rows;

  static String tempDir() {
    try {
      return Files.createTempDirectory("keel-onnx-artifacts").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void exportModels() {
    http = Http.api(APP);
    classifier = WineOnnx.classifier();
    regression = WineOnnx.regression();
    rows = new ArrayList<>();
    for (Map<String, Object> row : WineOnnx.rows().subList(0, 60)) {
      Map<String, Object> features = new LinkedHashMap<>(row);
      features.remove("quality");
      rows.add(features);
    }
  }

  static Jdbi jdbi() {
    return APP.<KeelApplication>getApplication().wired().jdbi();
  }

  /**
   * An MLmodel as mlflow.onnx.log_model writes it, with a column signature and the class labels in
   * metadata.
   */
  static String mlmodel(List<String> features, List<String> labels) {
    String columns =
        String.join(
            ", ",
            features.stream()
                .map(f -> "{\"type\": \"double\", \"name\": \"" + f + "\", \"required\": true}")
                .toList());
    return """
        artifact_path: model
        flavors:
          onnx:
            data: model.onnx
            onnx_version: 1.16.0
        signature:
          inputs: '[%s]'
          outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, %d]}}]'
        metadata:
          labels: [%s]
        """
        .formatted(
            columns,
            labels.size(),
            String.join(", ", labels.stream().map(l -> "'" + l + "'").toList()));
  }

  static JsonNode awaitRun(String id, java.util.function.Predicate<JsonNode> done) {
    return http.await("/v1/runs/" + id, r -> done.test(r.json()), Duration.ofSeconds(90)).json();
  }

  static JsonNode awaitEnd(String id) {
    return awaitRun(id, run -> !RunStatus.inFlight(run.path("status").asText()));
  }

  static Http.Response release(String model, int version, Object body) {
    return http.postJson("/v1/models/" + model + "/versions/" + version + "/release", body);
  }

  @Test
  void anOnnxVersionIsImportedApprovedByAPersonDeployedAndServesItsOwnPredictions() {
    // a data scientist uploads the exported model and registers it, as mlflow.onnx.log_model and
    // mlflow.register_model do, through the artifact proxy and the MLflow registry API
    Http dana = http.user("dana", "data-scientist");
    String dir = "/api/2.0/mlflow-artifacts/artifacts/1/0a1b2c/artifacts/model/";
    assertThat(dana.requestBytes("PUT", dir + "model.onnx", classifier.onnx()).status())
        .isEqualTo(200);
    assertThat(
            dana.requestBytes(
                    "PUT",
                    dir + "MLmodel",
                    mlmodel(classifier.features(), classifier.labels())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .status())
        .isEqualTo(200);
    assertThat(
            dana.postJson("/api/2.0/mlflow/registered-models/create", Map.of("name", "wine-onnx"))
                .status())
        .isEqualTo(200);
    String source = "mlflow-artifacts:/1/0a1b2c/artifacts/model";
    Http.Response registered =
        dana.postJson(
            "/api/2.0/mlflow/model-versions/create", Map.of("name", "wine-onnx", "source", source));
    assertThat(registered.status()).as(registered.text()).isEqualTo(200);
    assertThat(registered.json().path("model_version").path("version").asText()).isEqualTo("1");

    Http.Response notImported = http.postJson("/v1/models/wine-onnx/deploy", Map.of("version", 1));
    assertThat(notImported.status()).isEqualTo(409);
    assertThat(notImported.message())
        .contains("version 1 of model 'wine-onnx' is an external MLflow model")
        .contains("/v1/models/wine-onnx/versions/1/release");

    Http.Response started =
        release("wine-onnx", 1, Map.of("policy", "manual", "comment", "exported from Python"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String runId = started.json().path("id").asText();
    assertThat(started.json().path("pipeline").asText()).isEqualTo("ReleasePipeline");
    assertThat(started.json().path("modelVersion").asInt()).isEqualTo(1);
    assertThat(started.json().path("dataset").isNull()).isTrue();

    JsonNode awaiting = awaitRun(runId, run -> "approve".equals(run.path("stage").asText()));
    assertThat(awaiting.path("stages").findValuesAsText("name"))
        .containsExactly("import", "approve", "deploy");
    assertThat(awaiting.path("stages").get(0).path("status").asText()).isEqualTo("SUCCEEDED");
    Http.Response twice = release("wine-onnx", 1, null);
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.message())
        .isEqualTo("version 1 of model 'wine-onnx' is already being released by run " + runId);
    JsonNode imported = http.get("/v1/models/wine-onnx/versions/1").json();
    assertThat(imported.path("artifactHash").asText()).startsWith("sha256:");
    assertThat(imported.path("signature").findValuesAsText("name"))
        .containsExactlyElementsOf(classifier.features());
    assertThat(predict("wine-onnx", rows.subList(0, 1)).status())
        .as("not served before approval")
        .isEqualTo(404);

    Http.Response own =
        http.postJson("/v1/runs/" + runId + "/approval", Map.of("decision", "approve"));
    assertThat(own.status())
        .as("the admin started the release and may not approve it")
        .isEqualTo(403);
    Http.Response registrant =
        http.user("dana", "approver")
            .postJson("/v1/runs/" + runId + "/approval", Map.of("decision", "approve"));
    assertThat(registrant.status())
        .as("dana registered the version and may not approve it")
        .isEqualTo(403);
    assertThat(registrant.message()).contains("'dana' registered the model version");
    Http.Response approved =
        http.user("alice", "approver")
            .postJson(
                "/v1/runs/" + runId + "/approval",
                Map.of("decision", "approve", "comment", "validated offline"));
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    JsonNode run = awaitEnd(runId);
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("stages").findValuesAsText("status")).containsOnly("SUCCEEDED");
    assertThat(run.path("approval").path("actor").asText()).isEqualTo("alice");
    JsonNode version = http.get("/v1/models/wine-onnx/versions/1").json();
    assertThat(version.path("status").asText()).isEqualTo("APPROVED");
    assertThat(version.path("aliases").toString()).isEqualTo("[\"champion\"]");
    assertThat(http.get("/v1/models/wine-onnx").json().path("champion").path("version").asInt())
        .isEqualTo(1);

    Http.Response predicted = predict("wine-onnx", rows);
    assertThat(predicted.status()).as(predicted.text()).isEqualTo(200);
    assertThat(predicted.json().path("modelVersion").asInt()).isEqualTo(1);
    for (int i = 0; i < rows.size(); i++) {
      JsonNode p = predicted.json().path("predictions").get(i);
      Map<String, Double> expected = classifier.tribuo(rows.get(i));
      String best =
          expected.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      assertThat(p.path("label").asText()).as("row %d", i).isEqualTo(best);
      expected.forEach(
          (label, probability) ->
              assertThat(p.path("probabilities").path(label).asDouble())
                  .isCloseTo(probability, within(1e-5)));
    }

    // predictions are logged and take feedback, as a Keel model's do
    String firstId = predicted.json().path("predictionIds").get(0).asText();
    String firstLabel = predicted.json().path("predictions").get(0).path("label").asText();
    http.await(
        "/v1/models/wine-onnx/live",
        r ->
            serving("wine-onnx")
                    .postJson(
                        "/v1/models/wine-onnx/feedback",
                        Map.of("predictionId", firstId, "label", firstLabel))
                    .status()
                == 201,
        Duration.ofSeconds(30));
    JsonNode live = http.get("/v1/models/wine-onnx/live").json();
    assertThat(live.path("feedbackCount").asLong()).as(live.toString()).isEqualTo(1);
    assertThat(live.path("accuracy").asDouble()).isEqualTo(1.0);

    Map<String, Object> missing = new HashMap<>(rows.get(0));
    missing.remove("alcohol");
    Http.Response bad = predict("wine-onnx", List.of(rows.get(1), missing));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).isEqualTo("instances[1].alcohol: missing; expected a number");

    Http.Response again = release("wine-onnx", 1, Map.of("policy", "auto"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).contains("is already the champion");

    Http.Response drift = http.postJson("/v1/models/wine-onnx/drift/check", Map.of());
    assertThat(drift.status()).as(drift.text()).isEqualTo(200);
    assertThat(drift.json().path("check").path("reason").asText())
        .contains("no drift baseline")
        .contains("version 1 was not trained by Keel");
    assertThat(drift.json().path("check").path("tripped").asBoolean()).isFalse();
  }

  @Test
  void aFileThatIsNotAnOnnxModelFailsTheRunWithItsReasonAndNothingIsServed() {
    String source = "mlflow-artifacts:/1/badbad/artifacts/model";
    ExternalVersions.write(ARTIFACTS, source, "certainly not a protobuf".getBytes(), null);
    ExternalVersions.register(jdbi(), "broken-onnx", 1, source);

    Http.Response started = release("broken-onnx", 1, Map.of("policy", "auto"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    JsonNode run = awaitEnd(started.json().path("id").asText());

    assertThat(run.path("status").asText()).isEqualTo("FAILED");
    assertThat(run.path("error").asText()).startsWith("import: ONNX Runtime cannot load the model");
    assertThat(run.path("stages").findValuesAsText("status"))
        .containsExactly("FAILED", "SKIPPED", "SKIPPED");
    assertThat(run.path("approval").isNull()).isTrue();
    Http.Response served = predict("broken-onnx", rows.subList(0, 1));
    assertThat(served.status()).isEqualTo(404);
    assertThat(served.message()).isEqualTo("model 'broken-onnx' has no deployed version");
    assertThat(http.postJson("/v1/models/broken-onnx/deploy", Map.of("version", 1)).status())
        .as("the version stays external")
        .isEqualTo(409);
  }

  @Test
  void aMatrixModelWithoutFeatureNamesFailsSayingWhereToGiveThemAndIsReleasedOnceTheyAreGiven() {
    String source = "mlflow-artifacts:/2/reg123/artifacts/model";
    ExternalVersions.write(ARTIFACTS, source, regression.onnx(), null);
    ExternalVersions.register(jdbi(), "quality-onnx", 1, source);

    JsonNode failed =
        awaitEnd(release("quality-onnx", 1, Map.of("policy", "auto")).json().path("id").asText());
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("error").asText())
        .startsWith("import: input 'input' is one float tensor [N,11] without feature names")
        .contains("release parameter 'features'")
        .contains("version tag 'keel.features'");

    ExternalVersions.tag(
        jdbi(), "quality-onnx", 1, "keel.features", String.join(",", regression.features()));
    JsonNode run =
        awaitRun(
            release("quality-onnx", 1, null).json().path("id").asText(),
            r -> !"RUNNING".equals(r.path("status").asText()));
    assertThat(run.path("status").asText())
        .as("a model without a release definition waits for a person")
        .isEqualTo("AWAITING_APPROVAL");
    assertThat(run.path("stage").asText()).isEqualTo("approve");
    assertThat(
            http.user("alice", "approver")
                .postJson(
                    "/v1/runs/" + run.path("id").asText() + "/approval",
                    Map.of("decision", "approve"))
                .status())
        .isEqualTo(200);
    assertThat(awaitEnd(run.path("id").asText()).path("status").asText()).isEqualTo("SUCCEEDED");

    Http.Response predicted = predict("quality-onnx", rows);
    assertThat(predicted.status()).as(predicted.text()).isEqualTo(200);
    for (int i = 0; i < rows.size(); i++) {
      JsonNode p = predicted.json().path("predictions").get(i);
      assertThat(p.has("label")).isFalse();
      assertThat(p.path("value").asDouble())
          .isCloseTo(regression.tribuo(rows.get(i)).get("value"), within(1e-4));
    }
    assertThat(http.get("/v1/models/quality-onnx").json().path("task").asText())
        .isEqualTo("regression");
  }

  @Test
  void anOnnxModelOfAnotherTaskThanTheModelsIsRefused() {
    Map<String, Object> definition =
        new HashMap<>(
            Map.of(
                "name",
                "wine-cls",
                "task",
                "classification",
                "target",
                "quality",
                "trainer",
                Map.of("algorithm", "logistic")));
    assertThat(http.postJson("/v1/models", definition).status()).isEqualTo(201);
    String source = "mlflow-artifacts:/4/task/artifacts/model";
    ExternalVersions.write(ARTIFACTS, source, regression.onnx(), null);
    ExternalVersions.register(jdbi(), "wine-cls", 1, source);

    JsonNode run =
        awaitEnd(
            release("wine-cls", 1, Map.of("policy", "auto", "features", regression.features()))
                .json()
                .path("id")
                .asText());

    assertThat(run.path("status").asText()).isEqualTo("FAILED");
    assertThat(run.path("error").asText())
        .isEqualTo(
            "import: model 'wine-cls' is a classification model, but this "
                + "ONNX model is a regression (one value per row; a classifier needs class labels or a label output)");
  }

  @Test
  void badReleaseRequestsAreRefusedNamingTheField() {
    ExternalVersions.register(jdbi(), "refusals", 1, "mlflow-artifacts:/3/none/artifacts/model");
    assertThat(release("refusals", 2, null).status()).isEqualTo(404);
    Http.Response policy = release("refusals", 1, Map.of("policy", "sometimes"));
    assertThat(policy.status()).isEqualTo(400);
    assertThat(policy.message())
        .isEqualTo(
            "field 'policy': 'sometimes' is not a release policy; expected 'manual' "
                + "or 'auto'");
    Http.Response names = release("refusals", 1, Map.of("features", List.of("alcohol", "alcohol")));
    assertThat(names.status()).isEqualTo(400);
    assertThat(names.message()).isEqualTo("field 'features[1]': 'alcohol' is named twice");
    assertThat(release("refusals", 1, "{not json").status()).isEqualTo(400);
  }

  @Test
  void aKeelVersionRegisteredButNeverDeployedIsReleasedWithoutImport() {
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of(
                        "name",
                        "red",
                        "source",
                        dev.keel.engine.SharedData.redWine().toUri().toString()))
                .status())
        .isIn(200, 201);
    Map<String, Object> definition =
        new HashMap<>(
            Map.of(
                "name",
                "wine-keel",
                "task",
                "classification",
                "target",
                "quality",
                "binarize",
                Map.of("op", ">=", "value", 6),
                "trainer",
                Map.of("algorithm", "logistic"),
                "release",
                Map.of("approval", "none")));
    assertThat(http.postJson("/v1/models", definition).status()).isEqualTo(201);
    JsonNode trained =
        awaitEnd(
            http.postJson("/v1/models/wine-keel/runs", Map.of("dataset", "red"))
                .json()
                .path("id")
                .asText());
    assertThat(trained.path("status").asText()).as(trained.toString()).isEqualTo("SUCCEEDED");
    assertThat(predict("wine-keel", rows.subList(0, 1)).status())
        .as("registered only")
        .isEqualTo(404);

    JsonNode run =
        awaitEnd(release("wine-keel", 1, Map.of("policy", "auto")).json().path("id").asText());

    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("approval").path("actor").asText()).isEqualTo("policy:auto");
    Http.Response predicted = predict("wine-keel", rows.subList(0, 5));
    assertThat(predicted.status()).as(predicted.text()).isEqualTo(200);
    assertThat(predicted.json().path("predictions").get(0).path("label").asText()).isIn("0", "1");
  }

  static final Map<String, Http> SERVING = new java.util.concurrent.ConcurrentHashMap<>();

  static Http serving(String model) {
    return SERVING.computeIfAbsent(model, m -> http.serving(m));
  }

  static Http.Response predict(String model, List<Map<String, Object>> instances) {
    return serving(model)
        .postJson("/v1/models/" + model + "/predict", Map.of("instances", instances));
  }
}
