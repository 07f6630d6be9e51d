package dev.keel.engine.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Lineage both ways and reproduction, over HTTP, on a model trained on the red wine data set. */
@ExtendWith(DropwizardExtensionsSupport.class)
class LineageApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static Http http;
  static String redVersion;
  static String runId;
  static JsonNode version1;

  @BeforeAll
  static void trainOnRedWine() {
    http = Http.api(APP);
    Http.Response red =
        http.postJson(
            "/v1/datasets",
            Map.of("name", "red", "source", SharedData.redWine().toUri().toString()));
    assertThat(red.status()).isEqualTo(201);
    redVersion = red.json().path("version").asText();
    assertThat(http.postJson("/v1/models", classifier("wine-lineage")).status()).isEqualTo(201);
    JsonNode run = train("wine-lineage");
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    runId = run.path("id").asText();
    version1 = http.get("/v1/models/wine-lineage/versions/1").json();
  }

  static Map<String, Object> classifier(String name) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", "quality");
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put("trainer", Map.of("algorithm", "logistic", "params", Map.of("epochs", 7)));
    d.put("seed", 7);
    return d;
  }

  static JsonNode train(String model) {
    Http.Response started =
        http.postJson("/v1/models/" + model + "/runs", Map.of("dataset", "red@" + redVersion));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    return http.await(
            "/v1/runs/" + started.json().path("id").asText(),
            r -> !RunStatus.inFlight(r.json().path("status").asText()),
            Duration.ofSeconds(120))
        .json();
  }

  @Test
  void lineageShowsTheDatasetRunTrainerApprovalAndDeployment() {
    Http.Response response = http.get("/v1/models/wine-lineage/versions/1/lineage");
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    JsonNode lineage = response.json();

    assertThat(lineage.path("artifactHash").asText())
        .isEqualTo(version1.path("artifactHash").asText())
        .startsWith("sha256:");
    JsonNode dataset = lineage.path("datasets").get(0);
    assertThat(dataset.path("name").asText()).isEqualTo("red");
    assertThat(dataset.path("version").asText()).isEqualTo(redVersion);
    assertThat(dataset.path("rows").asLong()).isEqualTo(1599);
    assertThat(dataset.path("source").asText()).endsWith("wine-quality-red.csv");
    assertThat(lineage.path("run").path("id").asText()).isEqualTo(runId);
    assertThat(lineage.path("run").path("pipeline").asText()).isEqualTo("TrainingPipeline");
    assertThat(lineage.path("trainer").path("algorithm").asText()).isEqualTo("logistic");
    assertThat(lineage.path("trainer").path("params").path("epochs").asText()).isEqualTo("7");
    assertThat(lineage.path("seed").asLong()).isEqualTo(7);
    assertThat(lineage.path("keelVersion").asText()).isNotBlank();
    assertThat(lineage.path("recorded").path("dataset").path("version").asText())
        .isEqualTo(redVersion);
    assertThat(lineage.path("approval").path("decision").asText()).isEqualTo("approve");
    assertThat(lineage.path("approval").path("actor").asText()).isEqualTo("policy:auto");
    assertThat(lineage.path("serving").asText()).isEqualTo("champion");
    assertThat(texts(lineage.path("aliases"))).contains("champion");
    assertThat(lineage.path("deployments")).hasSize(1);
    assertThat(lineage.path("deployments").get(0).path("kind").asText()).isEqualTo("deploy");
    assertThat(lineage.path("deployments").get(0).path("version").asInt()).isEqualTo(1);
  }

  @Test
  void usageListsEveryRunAndVersionTrainedOnTheDatasetVersion() {
    Http.Response response = http.get("/v1/datasets/red/versions/" + redVersion + "/usage");
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    JsonNode usage = response.json();
    assertThat(usage.path("runs").findValuesAsText("id")).contains(runId);
    JsonNode used = null;
    for (JsonNode v : usage.path("modelVersions")) {
      if (v.path("model").asText().equals("wine-lineage")) {
        used = v;
      }
    }
    assertThat(used).as(usage.toString()).isNotNull();
    assertThat(used.path("version").asInt()).isEqualTo(1);
    assertThat(used.path("runId").asText()).isEqualTo(runId);
    assertThat(used.path("serving").asText()).isEqualTo("champion");
  }

  @Test
  void reproducingTheVersionGivesTheSameArtifactHash() {
    Http.Response response =
        http.post(
            "/v1/models/wine-lineage/versions/1/reproduce?wait=50",
            "application/json",
            new byte[0]);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    JsonNode reproduction = response.json();
    assertThat(reproduction.path("status").asText())
        .as(reproduction.toString())
        .isEqualTo("SUCCEEDED");
    assertThat(reproduction.path("identical").asBoolean()).isTrue();
    assertThat(reproduction.path("reproducedHash").asText())
        .isEqualTo(version1.path("artifactHash").asText());
    assertThat(response.header("Location"))
        .endsWith("/v1/reproductions/" + reproduction.path("id").asText());

    JsonNode again = http.get("/v1/reproductions/" + reproduction.path("id").asText()).json();
    assertThat(again.path("identical").asBoolean()).isTrue();
    JsonNode listed =
        http.get("/v1/models/wine-lineage/versions/1/lineage").json().path("reproductions");
    assertThat(listed.findValuesAsText("id")).contains(reproduction.path("id").asText());
  }

  @Test
  void aRecordedHashThatNoLongerMatchesIsReportedAsNotIdentical() {
    assertThat(http.postJson("/v1/models", classifier("wine-tampered")).status()).isEqualTo(201);
    assertThat(train("wine-tampered").path("status").asText()).isEqualTo("SUCCEEDED");
    String forged = "sha256:" + "0".repeat(64);
    APP.<KeelApplication>getApplication()
        .wired()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE model_versions SET artifact = :forged WHERE model_id = (SELECT id FROM models WHERE name = :m)")
                    .bind("forged", forged)
                    .bind("m", "wine-tampered")
                    .execute());

    JsonNode reproduction =
        http.post(
                "/v1/models/wine-tampered/versions/1/reproduce?wait=50",
                "application/json",
                new byte[0])
            .json();

    assertThat(reproduction.path("status").asText())
        .as(reproduction.toString())
        .isEqualTo("SUCCEEDED");
    assertThat(reproduction.path("recordedHash").asText()).isEqualTo(forged);
    assertThat(reproduction.path("identical").asBoolean()).isFalse();
    assertThat(reproduction.path("reproducedHash").asText())
        .startsWith("sha256:")
        .isNotEqualTo(forged);
  }

  @Test
  void unknownOrMalformedTargetsGetClearErrors() {
    assertError(http.get("/v1/models/wine-lineage/versions/99/lineage"), 404, "has no version 99");
    assertError(
        http.get("/v1/models/wine-lineage/versions/one/lineage"), 400, "not a version number");
    assertError(http.get("/v1/models/nope/versions/1/lineage"), 404, "model 'nope' does not exist");
    assertError(
        http.get("/v1/datasets/red/versions/sha256:" + "1".repeat(64) + "/usage"),
        404,
        "has no version");
    assertError(http.get("/v1/datasets/nope/versions/" + redVersion + "/usage"), 404, "nope");
    assertError(
        http.post(
            "/v1/models/wine-lineage/versions/1/reproduce?wait=9999",
            "application/json",
            new byte[0]),
        400,
        "'wait'");
    assertError(
        http.post("/v1/models/wine-lineage/versions/7/reproduce", "application/json", new byte[0]),
        404,
        "has no version 7");
    assertError(http.get("/v1/reproductions/reproduce-unknown"), 404, "does not exist");
  }

  private static void assertError(Http.Response response, int status, String message) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.json().path("message").asText()).contains(message);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
