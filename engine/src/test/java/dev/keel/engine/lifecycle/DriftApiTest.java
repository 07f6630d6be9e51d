package dev.keel.engine.lifecycle;

import static dev.keel.engine.lifecycle.LifecycleEndToEndTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drift against the training data's reservoir sample over HTTP: a model trained on red wine serves
 * red wine (no drift), then white wine: Wasserstein drift on the shifted features, drift of the
 * predicted labels, a label-free accuracy estimate on /metrics; and a model whose estimate is below
 * its floor retrains by itself.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DriftApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();

  private static final String MODEL = "wine-drift";

  @Test
  void whiteWineDriftsFromRedBySampleTestsAndTheEstimatedAccuracyFloorRetrains()
      throws IOException {
    Http http = Http.api(APP);
    JsonNode dataset =
        http.postJson(
                "/v1/datasets",
                Map.of("name", "red-drift", "source", SharedData.redWine().toUri().toString()))
            .json();
    assertThat(dataset.path("profile").path("sample").asText()).startsWith("sha256:");

    Map<String, Object> bad = definition(MODEL, Map.of("numericMethod", "t-test"));
    Http.Response refused = http.postJson("/v1/models", bad);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.message())
        .contains("monitoring.numericMethod")
        .contains("[auto, psi, ks, wasserstein]");

    // input drift alone never trips here, so the report's figures can be read at leisure
    assertThat(http.postJson("/v1/models", definition(MODEL, monitoring(null))).status())
        .isEqualTo(201);
    String first = trainAndDeploy(http, MODEL);

    // red wine: nothing drifts
    predictAll(http, MODEL, rows(SharedData.redWine(), 400));
    JsonNode calm =
        http.await(
                "/v1/models/" + MODEL + "/drift",
                r -> r.json().path("latest").path("windowSize").asInt() >= 400,
                Duration.ofSeconds(30))
            .json()
            .path("latest");
    assertThat(calm.path("tripped").asBoolean()).as(calm.toString()).isFalse();
    JsonNode calmReport = calm.path("report");
    assertThat(calmReport.path("referenceRows").asInt()).isEqualTo(1599);
    calmReport
        .path("features")
        .forEach(
            f -> {
              assertThat(f.path("method").asText()).isEqualTo("wasserstein");
              assertThat(f.path("threshold").asDouble()).isEqualTo(0.1);
              assertThat(f.path("drifted").asBoolean()).as(f.toString()).isFalse();
            });
    assertThat(calmReport.path("output").path("kind").asText()).isEqualTo("label");
    assertThat(calmReport.path("output").path("drifted").asBoolean()).isFalse();
    assertThat(calmReport.path("estimatedAccuracy").asDouble()).isBetween(0.5, 1.0);

    // white wine: Wasserstein drift on the shifted features (KS p-values beside), and the
    // predicted labels move
    predictAll(http, MODEL, rows(SharedData.whiteWine(), 400));
    JsonNode drift =
        http.await(
                "/v1/models/" + MODEL + "/drift",
                r ->
                    r.json()
                        .path("latest")
                        .path("report")
                        .path("output")
                        .path("drifted")
                        .asBoolean(),
                Duration.ofSeconds(30))
            .json()
            .path("latest");
    JsonNode report = drift.path("report");
    JsonNode sulfur = feature(report, "total_sulfur_dioxide");
    assertThat(sulfur.path("method").asText()).isEqualTo("wasserstein");
    assertThat(sulfur.path("drifted").asBoolean()).as(sulfur.toString()).isTrue();
    assertThat(sulfur.path("statistic").asDouble())
        .isGreaterThan(sulfur.path("threshold").asDouble());
    assertThat(sulfur.path("pValue").asDouble()).isLessThan(0.05);
    assertThat(feature(report, "residual_sugar").path("drifted").asBoolean()).isTrue();
    JsonNode output = report.path("output");
    assertThat(output.path("method").asText()).isEqualTo("chi-square");
    assertThat(output.path("pValue").asDouble()).isLessThan(0.01);
    assertThat(output.path("windowRows").asInt()).isEqualTo(400);
    assertThat(drift.path("tripped").asBoolean())
        .as("output drift only reports by default")
        .isFalse();
    assertThat(Http.admin(APP).get("/metrics").text())
        .contains("keel_estimated_accuracy{model=\"" + MODEL + "\",version=\"1\",}");
    assertThat(http.get("/v1/models/" + MODEL + "/runs").json().path("runs")).hasSize(1);

    // a model whose owners want it at least 90 % sure of its answers: the label-free estimate
    // (about 0.75 for this logistic regression) is below that floor, and the lifecycle retrains
    assertThat(http.postJson("/v1/models", definition(FLOORED, monitoring(0.9))).status())
        .isEqualTo(201);
    String floored = trainAndDeploy(http, FLOORED);
    predictAll(http, FLOORED, rows(SharedData.redWine(), 200));
    JsonNode runs =
        http.await(
                "/v1/models/" + FLOORED + "/runs",
                r -> r.json().path("runs").size() >= 2,
                Duration.ofSeconds(30))
            .json();
    assertThat(runs.path("runs").get(0).path("id").asText()).isNotEqualTo(floored);
    JsonNode tripped = http.get("/v1/models/" + FLOORED + "/drift").json().path("history");
    assertThat(tripped.findValuesAsText("reason"))
        .anyMatch(m -> m.contains("estimated accuracy") && m.contains("below the floor 0.900"));
    JsonNode lifecycle =
        http.await(
                "/v1/models/" + FLOORED,
                r ->
                    r.json().path("lifecycle").path("timeline").findValuesAsText("message").stream()
                        .anyMatch(m -> m.contains("estimated accuracy")),
                Duration.ofSeconds(30))
            .json()
            .path("lifecycle");
    assertThat(lifecycle.path("timeline").findValuesAsText("message"))
        .as(lifecycle.toString())
        .anyMatch(m -> m.contains("estimated accuracy"));
    assertThat(first).isNotEqualTo(floored);
  }

  private static final String FLOORED = "wine-floor";

  @Test
  void aVersionProfiledBeforeSamplesIsJudgedByPsiAlone() throws IOException {
    Http http = Http.api(APP);
    JsonNode dataset =
        http.postJson(
                "/v1/datasets",
                Map.of("name", "red-old", "source", SharedData.redWine().toUri().toString()))
            .json();
    String version = dataset.path("version").asText();
    // as a version registered before samples existed: its profile names none
    APP.<dev.keel.engine.KeelApplication>getApplication()
        .wired()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE dataset_versions SET profile = profile - 'sample' "
                            + "WHERE version = :v")
                    .bind("v", version)
                    .execute());
    Map<String, Object> model = definition("wine-old", monitoring(null));
    model.put("dataset", "red-old");
    assertThat(http.postJson("/v1/models", model).status()).isEqualTo(201);
    String id =
        http.postJson("/v1/models/wine-old/runs", Map.of("dataset", "red-old"))
            .json()
            .path("id")
            .asText();
    JsonNode done =
        http.await(
                "/v1/runs/" + id,
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(60))
            .json();
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    predictAll(http, "wine-old", rows(SharedData.whiteWine(), 200));
    JsonNode report =
        http.await(
                "/v1/models/wine-old/drift",
                r -> r.json().path("latest").path("windowSize").asInt() >= 200,
                Duration.ofSeconds(30))
            .json()
            .path("latest")
            .path("report");
    assertThat(report.path("referenceRows").isNull()).isTrue();
    JsonNode sulfur = feature(report, "total_sulfur_dioxide");
    assertThat(sulfur.path("method").asText()).isEqualTo("psi");
    assertThat(sulfur.path("statistic").asDouble()).isEqualTo(sulfur.path("psi").asDouble());
    assertThat(sulfur.path("drifted").asBoolean()).isTrue();
    assertThat(sulfur.path("wasserstein").isNull()).isTrue();
    assertThat(report.path("output").isNull()).as("no sample to score: no output drift").isTrue();
    assertThat(report.path("estimatedAccuracy").asDouble()).isBetween(0.5, 1.0);
  }

  private static Map<String, Object> monitoring(Double floor) {
    Map<String, Object> monitoring = new HashMap<>();
    monitoring.put("intervalSeconds", 1);
    monitoring.put("window", 400);
    monitoring.put("minWindow", 100);
    monitoring.put("cooldownSeconds", 0);
    monitoring.put("minDriftedFeatures", 100);
    if (floor != null) {
      monitoring.put("estimatedAccuracyFloor", floor);
    }
    return monitoring;
  }

  private static String trainAndDeploy(Http http, String model) {
    String id =
        http.postJson("/v1/models/" + model + "/runs", Map.of("dataset", "red-drift"))
            .json()
            .path("id")
            .asText();
    JsonNode done =
        http.await(
                "/v1/runs/" + id,
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(60))
            .json();
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    return id;
  }

  private static JsonNode feature(JsonNode report, String name) {
    for (JsonNode f : report.path("features")) {
      if (f.path("name").asText().equals(name)) {
        return f;
      }
    }
    throw new AssertionError("no feature " + name + " in " + report);
  }

  private static Map<String, Object> definition(String name, Map<String, Object> monitoring) {
    Map<String, Object> model = new HashMap<>();
    model.put("name", name);
    model.put("task", "classification");
    model.put("target", "quality");
    model.put("binarize", Map.of("op", ">=", "value", 6));
    model.put("trainer", Map.of("algorithm", "logistic"));
    model.put("dataset", "red-drift");
    model.put("release", Map.of("approval", "auto"));
    model.put("monitoring", monitoring);
    return model;
  }

  private static void predictAll(Http http, String model, List<Map<String, Object>> rows) {
    Http serving = http.serving(model);
    for (int i = 0; i < rows.size(); i += 100) {
      Http.Response r =
          serving.postJson(
              "/v1/models/" + model + "/predict",
              Map.of("instances", rows.subList(i, Math.min(rows.size(), i + 100))));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
    }
  }
}
