package dev.keel.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Training runs end to end through the HTTP API: real PostgreSQL, Temporal's test server, Tribuo,
 * and the red wine data set from {@code ../shared/data}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PipelineApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static Http http;
  static String redVersion;

  @BeforeAll
  static void registerData() {
    http = Http.api(APP);
    Http.Response red =
        http.postJson(
            "/v1/datasets",
            Map.of("name", "red", "source", SharedData.redWine().toUri().toString()));
    assertThat(red.status()).isEqualTo(201);
    redVersion = red.json().path("version").asText();
  }

  static Map<String, Object> classifier(
      String name, String algorithm, List<Map<String, Object>> gates) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", "quality");
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put("trainer", Map.of("algorithm", algorithm));
    d.put("gates", gates);
    return d;
  }

  static JsonNode train(String model, String dataset) {
    Http.Response started =
        http.postJson("/v1/models/" + model + "/runs", Map.of("dataset", dataset));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String id = started.json().path("id").asText();
    assertThat(id).startsWith("run-");
    Http.Response done =
        http.await(
            "/v1/runs/" + id,
            r -> !RunStatus.inFlight(r.json().path("status").asText()),
            Duration.ofSeconds(120));
    return done.json();
  }

  @Test
  void binaryClassificationOfRedWineReachesTheAccuracyTargetAndRecordsLineage() {
    assertThat(
            http.postJson(
                    "/v1/models",
                    classifier(
                        "red-good",
                        "logistic",
                        List.of(Map.of("metric", "accuracy", "op", ">=", "value", 0.72))))
                .status())
        .isEqualTo(201);

    JsonNode run = train("red-good", "red@" + redVersion);

    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("metrics").path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.72);
    assertThat(run.path("metrics").has("macroF1")).isTrue();
    assertThat(run.path("metrics").has("logLoss")).isTrue();
    assertThat(run.path("metrics").path("rocAuc").asDouble()).isBetween(0.7, 1.0);
    assertThat(run.path("stages").findValuesAsText("name"))
        .containsExactly(
            "ingest", "validate", "train", "evaluate", "register", "approve", "deploy");
    assertThat(run.path("stages").findValuesAsText("status")).containsOnly("SUCCEEDED");
    for (JsonNode stage : run.path("stages")) {
      assertThat(stage.path("attempts").asInt()).isEqualTo(1);
      assertThat(stage.path("endedAt").asLong())
          .isGreaterThanOrEqualTo(stage.path("startedAt").asLong());
    }
    assertThat(run.path("gates").get(0).path("passed").asBoolean()).isTrue();
    int n = run.path("modelVersion").asInt();
    assertThat(n).isEqualTo(1);

    JsonNode version = http.get("/v1/models/red-good/versions/1").json();
    assertThat(version.path("status").asText()).isEqualTo("APPROVED");
    assertThat(version.path("aliases").get(0).asText()).isEqualTo("champion");
    assertThat(version.path("artifactHash").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(version.path("signature")).hasSize(11);
    assertThat(version.path("signature").findValuesAsText("name")).doesNotContain("quality");
    JsonNode lineage = version.path("lineage");
    assertThat(lineage.path("dataset").path("name").asText()).isEqualTo("red");
    assertThat(lineage.path("dataset").path("version").asText()).isEqualTo(redVersion);
    assertThat(lineage.path("runId").asText()).isEqualTo(run.path("id").asText());
    assertThat(lineage.path("algorithm").asText()).isEqualTo("logistic");
    assertThat(lineage.path("seed").asLong()).isEqualTo(42);
    assertThat(lineage.path("keelVersion").asText()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(http.get("/v1/models/red-good").json().path("champion").path("version").asInt())
        .isEqualTo(1);
    assertThat(http.get("/v1/models/red-good/runs").json().path("runs").findValuesAsText("id"))
        .containsExactly(run.path("id").asText());
  }

  @Test
  void regressionOfQualityReachesTheRmseTarget() {
    Map<String, Object> d = new HashMap<>();
    d.put("name", "red-quality");
    d.put("task", "regression");
    d.put("target", "quality");
    d.put("trainer", Map.of("algorithm", "xgboost"));
    d.put("gates", List.of(Map.of("metric", "rmse", "op", "<=", "value", 0.70)));
    assertThat(http.postJson("/v1/models", d).status()).isEqualTo(201);

    JsonNode run = train("red-quality", "red");

    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("metrics").path("rmse").asDouble()).isLessThanOrEqualTo(0.70);
    assertThat(run.path("metrics").has("mae")).isTrue();
    assertThat(run.path("metrics").path("r2").asDouble()).isPositive();
  }

  @Test
  void failingGateRejectsTheCandidateSaysWhyAndKeepsTheChampion() {
    http.postJson("/v1/models", classifier("strict", "logistic", List.of()));
    JsonNode first = train("strict", "red");
    assertThat(first.path("status").asText()).isEqualTo("SUCCEEDED");

    // same definition, retrained: deterministic, so the artifact hash is the same
    JsonNode second = train("strict", "red");
    assertThat(second.path("status").asText()).as(second.toString()).isEqualTo("SUCCEEDED");
    String hash1 = http.get("/v1/models/strict/versions/1").json().path("artifactHash").asText();
    String hash2 = http.get("/v1/models/strict/versions/2").json().path("artifactHash").asText();
    assertThat(hash2).isEqualTo(hash1);
    assertThat(second.path("championMetrics").path("accuracy").asDouble())
        .isEqualTo(first.path("metrics").path("accuracy").asDouble());
    JsonNode championGate = second.path("gates").get(0);
    assertThat(championGate.path("source").asText()).isEqualTo("champion");
    assertThat(championGate.path("passed").asBoolean()).isTrue();

    Map<String, Object> impossible =
        classifier(
            "impossible",
            "logistic",
            List.of(Map.of("metric", "accuracy", "op", ">=", "value", 0.99)));
    http.postJson("/v1/models", impossible);
    JsonNode rejected = train("impossible", "red");
    assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
    assertThat(rejected.path("error").asText())
        .contains("accuracy")
        .contains("does not satisfy >= 0.99");
    JsonNode version = http.get("/v1/models/impossible/versions/1").json();
    assertThat(version.path("status").asText()).isEqualTo("REJECTED");
    assertThat(version.path("aliases")).isEmpty();
    assertThat(http.get("/v1/models/impossible").json().path("champion").isNull()).isTrue();
  }

  @Test
  void datasetThatDoesNotFitTheModelFailsAtValidationNamingTheColumn() {
    Map<String, Object> d = classifier("needs-colour", "logistic", List.of());
    d.put(
        "schema",
        List.of(
            Map.of("name", "alcohol", "type", "numeric"),
            Map.of("name", "colour", "type", "categorical")));
    http.postJson("/v1/models", d);
    JsonNode missingColumn = train("needs-colour", "red");
    assertThat(missingColumn.path("status").asText()).isEqualTo("FAILED");
    assertThat(missingColumn.path("error").asText()).startsWith("validate:").contains("'colour'");
    assertThat(missingColumn.path("stages").get(1).path("status").asText()).isEqualTo("FAILED");
    assertThat(missingColumn.path("stages").get(2).path("status").asText()).isEqualTo("SKIPPED");
    assertThat(missingColumn.path("modelVersion").isNull()).isTrue();

    http.post(
        "/v1/datasets?name=no-target",
        "text/csv",
        "alcohol,sugar\n9.4,1.9\n9.8,2.6\n".getBytes(StandardCharsets.UTF_8));
    http.postJson("/v1/models", classifier("no-target-model", "logistic", List.of()));
    JsonNode noTarget = train("no-target-model", "no-target");
    assertThat(noTarget.path("status").asText()).isEqualTo("FAILED");
    assertThat(noTarget.path("error").asText()).contains("'quality'");

    http.post(
        "/v1/datasets?name=empty-target",
        "text/csv",
        "alcohol,quality\n9.4,NA\n9.8,?\n".getBytes(StandardCharsets.UTF_8));
    JsonNode emptyTarget = train("no-target-model", "empty-target");
    assertThat(emptyTarget.path("status").asText()).isEqualTo("FAILED");
    assertThat(emptyTarget.path("error").asText()).contains("'quality'").contains("no values");
  }

  @Test
  void badRunRequestsGetClearErrors() {
    http.postJson("/v1/models", classifier("runs-errors", "logistic", List.of()));
    assertThat(http.postJson("/v1/models/nope/runs", Map.of("dataset", "red")).status())
        .isEqualTo(404);
    Http.Response unknownDataset =
        http.postJson("/v1/models/runs-errors/runs", Map.of("dataset", "nothing"));
    assertThat(unknownDataset.status()).isEqualTo(404);
    assertThat(unknownDataset.message()).contains("dataset 'nothing' does not exist");
    Http.Response badVersion =
        http.postJson("/v1/models/runs-errors/runs", Map.of("dataset", "red@v1"));
    assertThat(badVersion.status()).isEqualTo(400);
    assertThat(badVersion.message()).contains("expected sha256:");
    Http.Response unknownVersion =
        http.postJson(
            "/v1/models/runs-errors/runs", Map.of("dataset", "red@sha256:" + "0".repeat(64)));
    assertThat(unknownVersion.status()).isEqualTo(404);
    assertThat(http.postJson("/v1/models/runs-errors/runs", Map.of()).status()).isEqualTo(400);
    assertThat(http.get("/v1/runs/run-unknown").status()).isEqualTo(404);
    assertThat(http.get("/v1/models/runs-errors/runs").json().path("runs")).isEmpty();
  }

  @Test
  void repeatedStartWithTheSameIdempotencyKeyStartsOneRun() {
    http.postJson("/v1/models", classifier("idem", "logistic", List.of()));
    Http.Response first =
        http.postJson("/v1/models/idem/runs", Map.of("dataset", "red"), "Idempotency-Key", "k-1");
    Http.Response again =
        http.postJson("/v1/models/idem/runs", Map.of("dataset", "red"), "Idempotency-Key", "k-1");
    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("id")).isEqualTo(first.json().path("id"));
    http.await(
        "/v1/runs/" + first.json().path("id").asText(),
        r -> !RunStatus.inFlight(r.json().path("status").asText()),
        Duration.ofSeconds(60));
    assertThat(http.get("/v1/models/idem/runs").json().path("runs")).hasSize(1);
  }

  @Test
  void runLeftRunningWhenItsWorkflowVanishedIsMarkedInterrupted() {
    http.postJson("/v1/models", classifier("orphans", "logistic", List.of()));
    // what a restart of the developer stack leaves behind: a RUNNING row whose workflow the
    // in-memory server forgot
    APP.<dev.keel.engine.KeelApplication>getApplication()
        .wired()
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    """
        INSERT INTO runs (id, model_id, pipeline, dataset_name, dataset_version, spec, status)
        SELECT 'run-orphan', id, 'TrainingPipeline', 'red', ?, '{}', 'RUNNING' FROM models WHERE name = 'orphans'""",
                    redVersion));
    // and one whose candidate was waiting for a person when its workflow was forgotten
    APP.<dev.keel.engine.KeelApplication>getApplication()
        .wired()
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    """
        INSERT INTO runs (id, model_id, pipeline, dataset_name, dataset_version, spec, status, stage)
        SELECT 'run-orphan-awaiting', id, 'TrainingPipeline', 'red', ?, '{}', 'AWAITING_APPROVAL', 'approve'
        FROM models WHERE name = 'orphans'""",
                    redVersion));
    String live =
        http.postJson("/v1/models/orphans/runs", Map.of("dataset", "red"))
            .json()
            .path("id")
            .asText();

    APP.<dev.keel.engine.KeelApplication>getApplication().wired().reconciler().reconcile();

    JsonNode orphan = http.get("/v1/runs/run-orphan").json();
    assertThat(orphan.path("status").asText()).isEqualTo("INTERRUPTED");
    assertThat(orphan.path("error").asText()).contains("no longer exists");
    assertThat(orphan.path("endedAt").isNull()).isFalse();
    JsonNode waiting = http.get("/v1/runs/run-orphan-awaiting").json();
    assertThat(waiting.path("status").asText()).isEqualTo("INTERRUPTED");
    assertThat(waiting.path("error").asText()).contains("no longer exists");
    assertThat(http.get("/v1/models/orphans/runs?status=AWAITING_APPROVAL").json().path("runs"))
        .isEmpty();
    JsonNode liveRun =
        http.await(
                "/v1/runs/" + live,
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(60))
            .json();
    assertThat(liveRun.path("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void prometheusEndpointCarriesJvmJettyTemporalAndKeelSeries() {
    http.postJson("/v1/models", classifier("metered", "logistic", List.of()));
    String id =
        http.postJson("/v1/models/metered/runs", Map.of("dataset", "red"))
            .json()
            .path("id")
            .asText();
    http.await(
        "/v1/runs/" + id,
        r -> !RunStatus.inFlight(r.json().path("status").asText()),
        Duration.ofSeconds(60));

    Http admin = Http.admin(APP);
    Http.Response metrics =
        admin.await("/metrics", r -> r.text().contains("temporal_"), Duration.ofSeconds(15));
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text())
        .contains("jvm_memory_bytes_used")
        .contains("io_dropwizard_jetty_MutableServletContextHandler_requests")
        .contains("temporal_")
        .contains("keel_runs_started_total{model=\"metered\",}")
        .contains("keel_runs_completed_total{model=\"metered\",status=\"succeeded\",}")
        .contains("keel_pipeline_stage_duration_seconds_bucket{stage=\"train\"");
    assertThat(admin.get("/healthcheck").status()).isEqualTo(200);
  }
}
