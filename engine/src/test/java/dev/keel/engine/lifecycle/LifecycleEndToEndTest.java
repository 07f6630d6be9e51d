package dev.keel.engine.lifecycle;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole loop through the HTTP API on the dev stack: a model trained on red wine is approved by
 * a person and deployed, serves red wine without drift, then sees white wine, notices the drift by
 * itself, retrains, and asks for approval again.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LifecycleEndToEndTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();

  @Test
  void redWineModelDetectsWhiteWineDriftAndRetrainsByItself() throws IOException {
    Http http = Http.api(APP);
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
    Map<String, Object> model = new HashMap<>();
    model.put("name", "wine-life");
    model.put("task", "classification");
    model.put("target", "quality");
    model.put("binarize", Map.of("op", ">=", "value", 6));
    model.put("trainer", Map.of("algorithm", "logistic"));
    model.put("gates", List.of(Map.of("metric", "accuracy", "op", ">=", "value", 0.7)));
    model.put("dataset", "red");
    model.put("release", Map.of("approval", "manual", "approvalTimeoutSeconds", 3600));
    model.put(
        "monitoring",
        Map.of("intervalSeconds", 1, "window", 400, "minWindow", 100, "cooldownSeconds", 0));
    assertThat(http.postJson("/v1/models", model).status()).isEqualTo(201);

    // train, and wait for a person's approval
    String first =
        http.postJson("/v1/models/wine-life/runs", Map.of("dataset", "red"))
            .json()
            .path("id")
            .asText();
    JsonNode waiting = awaitApproval(http, first);
    assertThat(waiting.path("stage").asText()).isEqualTo("approve");
    assertThat(http.get("/v1/models/wine-life/versions/1").json().path("aliases")).isEmpty();
    assertThat(Http.admin(APP).get("/metrics").text())
        .contains("keel_approval_oldest_pending_seconds{model=\"wine-life\",}");
    assertThat(
            http.postJson("/v1/runs/" + first + "/approval", Map.of("decision", "maybe")).status())
        .isEqualTo(400);
    Http.Response own =
        http.postJson("/v1/runs/" + first + "/approval", Map.of("decision", "approve"));
    assertThat(own.status()).as("the admin started the run and may not approve it").isEqualTo(403);
    assertThat(own.message())
        .contains("separation of duties")
        .contains("'admin' started run " + first);
    Http.Response viewer =
        http.user("victor", "viewer")
            .postJson("/v1/runs/" + first + "/approval", Map.of("decision", "approve"));
    assertThat(viewer.status()).isEqualTo(403);
    assertThat(viewer.message()).contains("lacks permission 'approve' on model 'wine-life'");
    Http.Response approved =
        http.user("alice", "approver")
            .postJson(
                "/v1/runs/" + first + "/approval",
                Map.of("decision", "approve", "comment", "holdout looks fine"));
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    assertThat(approved.json().path("actor").asText()).isEqualTo("alice");
    JsonNode done =
        http.await(
                "/v1/runs/" + first,
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(60))
            .json();
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    assertThat(done.path("approval").path("actor").asText()).isEqualTo("alice");
    assertThat(done.path("approval").path("comment").asText()).isEqualTo("holdout looks fine");
    Http.Response twice =
        http.user("carol", "approver")
            .postJson("/v1/runs/" + first + "/approval", Map.of("decision", "reject"));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(http.get("/v1/models/wine-life/versions/1").json().path("status").asText())
        .isEqualTo("APPROVED");

    // serve red wine: no drift
    List<Map<String, Object>> red = rows(SharedData.redWine(), 400);
    predictAll(http, red);
    JsonNode calm =
        http.await(
                "/v1/models/wine-life/drift",
                r -> r.json().path("latest").path("windowSize").asInt() >= 400,
                Duration.ofSeconds(30))
            .json();
    assertThat(calm.path("latest").path("tripped").asBoolean()).as(calm.toString()).isFalse();
    assertThat(http.get("/v1/models/wine-life/runs").json().path("runs")).hasSize(1);

    // serve white wine: the monitor notices the drift and the lifecycle retrains by itself
    predictAll(http, rows(SharedData.whiteWine(), 400));
    JsonNode drift =
        http.await(
                "/v1/models/wine-life/drift",
                r -> r.json().path("latest").path("tripped").asBoolean(),
                Duration.ofSeconds(30))
            .json();
    JsonNode report = drift.path("latest");
    assertThat(report.path("reason").asText())
        .contains("total_sulfur_dioxide")
        .contains("residual_sugar");
    List<String> drifted = new ArrayList<>();
    report
        .path("report")
        .path("features")
        .forEach(
            f -> {
              if (f.path("drifted").asBoolean()) {
                drifted.add(f.path("name").asText());
              }
            });
    assertThat(drifted).contains("total_sulfur_dioxide", "residual_sugar");
    JsonNode now = http.postJson("/v1/models/wine-life/drift/check?window=800", Map.of()).json();
    assertThat(now.path("check").path("windowSize").asInt()).as(now.toString()).isEqualTo(800);
    assertThat(http.postJson("/v1/models/wine-life/drift/check?window=0", Map.of()).status())
        .isEqualTo(400);

    JsonNode runs =
        http.await(
                "/v1/models/wine-life/runs",
                r -> r.json().path("runs").size() >= 2,
                Duration.ofSeconds(30))
            .json();
    String retrain = runs.path("runs").get(0).path("id").asText();
    assertThat(retrain).isNotEqualTo(first);
    awaitApproval(http, retrain);
    JsonNode lifecycle = http.get("/v1/models/wine-life").json().path("lifecycle");
    assertThat(lifecycle.path("inFlightRunId").asText()).isEqualTo(retrain);
    assertThat(lifecycle.path("lastDrift").path("tripped").asBoolean()).isTrue();
    assertThat(lifecycle.path("timeline").findValuesAsText("kind")).contains("retrain-started");
    assertThat(lifecycle.path("timeline").findValuesAsText("message"))
        .anyMatch(m -> m.contains("drift"));

    // the candidate waits for a person; rejected, it is never deployed
    assertThat(
            http.user("bob", "approver@wine-life")
                .postJson(
                    "/v1/runs/" + retrain + "/approval",
                    Map.of("decision", "reject", "comment", "not yet"))
                .status())
        .isEqualTo(200);
    JsonNode rejected =
        http.await(
                "/v1/runs/" + retrain,
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(30))
            .json();
    assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
    assertThat(rejected.path("error").asText()).isEqualTo("rejected by bob: not yet");
    assertThat(
            http.get("/v1/models/wine-life/deployments")
                .json()
                .path("state")
                .path("version")
                .asInt())
        .isEqualTo(1);

    // a new version of the model's dataset: the lifecycle retrains on it by itself
    List<String> lines = Files.readAllLines(SharedData.redWine());
    byte[] newer =
        String.join("\n", lines.subList(0, 1201)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String newVersion =
        http.post("/v1/datasets?name=red", "text/csv", newer).json().path("version").asText();
    JsonNode afterNewData =
        http.await(
                "/v1/models/wine-life/runs",
                r -> r.json().path("runs").size() >= 3,
                Duration.ofSeconds(30))
            .json();
    assertThat(afterNewData.path("runs").get(0).path("dataset").path("version").asText())
        .isEqualTo(newVersion);
    // the list shows each run's approval decision as the run itself does
    assertThat(afterNewData.path("runs").findValuesAsText("id")).endsWith(first);
    JsonNode listedFirst = afterNewData.path("runs").get(afterNewData.path("runs").size() - 1);
    assertThat(listedFirst.path("approval").path("actor").asText()).isEqualTo("alice");
    assertThat(afterNewData.path("runs").get(1).path("approval").path("actor").asText())
        .isEqualTo("bob");
    assertThat(Http.admin(APP).get("/metrics").text())
        .contains("keel_feature_drift_psi{model=\"wine-life\",feature=\"total_sulfur_dioxide\",}")
        .contains("keel_approvals_total{model=\"wine-life\",decision=\"approve\",} 1.0");
  }

  @Test
  void secondVersionGoesOutAsACanaryAndIsPromotedWhenHealthy() {
    Http http = Http.api(APP);
    http.postJson(
        "/v1/datasets", Map.of("name", "red", "source", SharedData.redWine().toUri().toString()));
    Map<String, Object> model = new HashMap<>();
    model.put("name", "wine-canary");
    model.put("task", "regression");
    model.put("target", "quality");
    model.put("trainer", Map.of("algorithm", "linear"));
    model.put(
        "release",
        Map.of(
            "approval",
            "auto",
            "canary",
            Map.of(
                "share", 0.5, "windowSeconds", 2, "maxErrorRate", 0.05, "maxLatencyRatio", 3.0)));
    assertThat(http.postJson("/v1/models", model).status()).isEqualTo(201);

    for (int i = 0; i < 2; i++) {
      String id =
          http.postJson("/v1/models/wine-canary/runs", Map.of("dataset", "red"))
              .json()
              .path("id")
              .asText();
      JsonNode run =
          http.await(
                  "/v1/runs/" + id,
                  r -> !RunStatus.inFlight(r.json().path("status").asText()),
                  Duration.ofSeconds(60))
              .json();
      assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    }

    JsonNode deployments = http.get("/v1/models/wine-canary/deployments").json();
    assertThat(deployments.path("history").findValuesAsText("kind"))
        .containsExactly("canary-promote", "canary-start", "deploy");
    assertThat(deployments.path("state").path("version").asInt()).isEqualTo(2);
    assertThat(deployments.path("state").has("canaryVersion")).isFalse();
  }

  /**
   * Waits until the run's candidate awaits a person's decision (status AWAITING_APPROVAL, stage
   * approve).
   */
  static JsonNode awaitApproval(Http http, String runId) {
    JsonNode run =
        http.await(
                "/v1/runs/" + runId,
                r -> !"RUNNING".equals(r.json().path("status").asText()),
                Duration.ofSeconds(60))
            .json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("AWAITING_APPROVAL");
    assertThat(run.path("stage").asText()).isEqualTo("approve");
    return run;
  }

  static void predictAll(Http http, List<Map<String, Object>> rows) {
    Http serving = http.serving("wine-life");
    for (int i = 0; i < rows.size(); i += 100) {
      Http.Response r =
          serving.postJson(
              "/v1/models/wine-life/predict",
              Map.of("instances", rows.subList(i, Math.min(rows.size(), i + 100))));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
    }
  }

  /**
   * {@code count} rows spread evenly over the file (its order is not random), without the target.
   */
  static List<Map<String, Object>> rows(Path csv, int count) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",");
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> sample = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sample.add(lines.get(1 + (int) ((long) i * (lines.size() - 1) / count)));
    }
    for (String line : sample) {
      String[] cells = line.split(",");
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        if (!header[i].equals("quality")) {
          row.put(header[i], Double.parseDouble(cells[i]));
        }
      }
      rows.add(row);
    }
    return rows;
  }
}
