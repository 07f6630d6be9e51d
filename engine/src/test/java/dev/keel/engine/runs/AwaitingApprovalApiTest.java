package dev.keel.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run whose candidate waits for a person's decision ({@code "release": {"approval": "manual"}})
 * reports {@code AWAITING_APPROVAL} at stage {@code approve} in the run, the model's run list (and
 * its status filter), the version's lineage and its MLflow tracking run, then {@code RUNNING} again
 * and its outcome once decided.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AwaitingApprovalApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static final String MLFLOW = "/api/2.0/mlflow/";
  static Http http;

  @BeforeAll
  static void registerData() {
    http = Http.api(APP);
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
  }

  static void manualModel(String name) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", "quality");
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put("trainer", Map.of("algorithm", "logistic"));
    d.put("release", Map.of("approval", "manual", "approvalTimeoutSeconds", 3600));
    Http.Response created = http.postJson("/v1/models", d);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  /**
   * Starts a run and waits as a client written before {@code AWAITING_APPROVAL} did, for the first
   * status other than {@code RUNNING}: that must be {@code AWAITING_APPROVAL}, not an end.
   */
  static JsonNode startAndAwaitApproval(String model) {
    Http.Response started =
        http.postJson("/v1/models/" + model + "/runs", Map.of("dataset", "red"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    JsonNode run =
        http.await(
                "/v1/runs/" + started.json().path("id").asText(),
                r -> !"RUNNING".equals(r.json().path("status").asText()),
                Duration.ofSeconds(120))
            .json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("AWAITING_APPROVAL");
    return run;
  }

  static JsonNode awaitEnd(String runId) {
    return http.await(
            "/v1/runs/" + runId,
            r -> !RunStatus.inFlight(r.json().path("status").asText()),
            Duration.ofSeconds(120))
        .json();
  }

  static Map<String, String> trackingTags(String trackingRunId) {
    Map<String, String> tags = new HashMap<>();
    trackingRun(trackingRunId)
        .path("data")
        .path("tags")
        .forEach(kv -> tags.put(kv.path("key").asText(), kv.path("value").asText()));
    return tags;
  }

  static JsonNode trackingRun(String trackingRunId) {
    Http.Response r = http.get(MLFLOW + "runs/get?run_id=" + trackingRunId);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().path("run");
  }

  @Test
  void aRunWaitingForAPersonSaysSoEverywhereAndSucceedsDeployedOnceApproved() {
    manualModel("wait-approve");
    JsonNode waiting = startAndAwaitApproval("wait-approve");
    String id = waiting.path("id").asText();

    assertThat(waiting.path("stage").asText()).isEqualTo("approve");
    assertThat(waiting.path("endedAt").isNull()).isTrue();
    assertThat(waiting.path("modelVersion").asInt()).isEqualTo(1);
    assertThat(waiting.path("stages").findValuesAsText("status"))
        .containsExactly(
            "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "RUNNING", "PENDING");

    JsonNode listed = http.get("/v1/models/wait-approve/runs").json().path("runs");
    assertThat(listed)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.path("id").asText()).isEqualTo(id);
              assertThat(r.path("status").asText()).isEqualTo("AWAITING_APPROVAL");
              assertThat(r.path("stage").asText()).isEqualTo("approve");
            });
    assertThat(
            http.get("/v1/models/wait-approve/runs?status=AWAITING_APPROVAL")
                .json()
                .path("runs")
                .findValuesAsText("id"))
        .containsExactly(id);
    assertThat(http.get("/v1/models/wait-approve/runs?status=RUNNING").json().path("runs"))
        .isEmpty();
    Http.Response unknown = http.get("/v1/models/wait-approve/runs?status=WAITING");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message())
        .contains("query parameter 'status'")
        .contains("'WAITING'")
        .contains("AWAITING_APPROVAL");
    assertThat(
            http.get("/v1/models/wait-approve/versions/1/lineage")
                .json()
                .path("run")
                .path("status")
                .asText())
        .isEqualTo("AWAITING_APPROVAL");

    String trackingId = waiting.path("trackingRunId").asText();
    assertThat(trackingRun(trackingId).path("info").path("status").asText())
        .as("MLflow has no such status: the tracking run stays RUNNING")
        .isEqualTo("RUNNING");
    assertThat(trackingTags(trackingId)).containsEntry("keel.status", "AWAITING_APPROVAL");
    String experiment =
        http.get(MLFLOW + "experiments/get-by-name?experiment_name=wait-approve")
            .json()
            .path("experiment")
            .path("experiment_id")
            .asText();
    JsonNode found =
        http.postJson(
                MLFLOW + "runs/search",
                Map.of(
                    "experiment_ids",
                    List.of(experiment),
                    "filter",
                    "tags.keel.status = 'AWAITING_APPROVAL'"))
            .json();
    assertThat(found.path("runs").findValuesAsText("run_id")).containsExactly(trackingId);
    assertThat(Http.admin(APP).get("/metrics").text())
        .contains("keel_approval_oldest_pending_seconds{model=\"wait-approve\",}");

    Http.Response approved =
        http.user("alice", "approver")
            .postJson(
                "/v1/runs/" + id + "/approval", Map.of("decision", "approve", "comment", "fine"));
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    JsonNode done = awaitEnd(id);
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    assertThat(done.path("stages").findValuesAsText("status")).containsOnly("SUCCEEDED");
    assertThat(done.path("approval").path("actor").asText()).isEqualTo("alice");
    assertThat(
            http.get("/v1/models/wait-approve/deployments")
                .json()
                .path("state")
                .path("version")
                .asInt())
        .isEqualTo(1);
    assertThat(
            http.get("/v1/models/wait-approve/runs?status=AWAITING_APPROVAL").json().path("runs"))
        .isEmpty();
    assertThat(trackingTags(trackingId)).containsEntry("keel.status", "SUCCEEDED");
    assertThat(trackingRun(trackingId).path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(Http.admin(APP).get("/metrics").text())
        .doesNotContain("keel_approval_oldest_pending_seconds{model=\"wait-approve\",}");
  }

  @Test
  void aRejectedRunEndsRejectedAndIsNeverDeployed() {
    manualModel("wait-reject");
    JsonNode waiting = startAndAwaitApproval("wait-reject");
    String id = waiting.path("id").asText();

    Http.Response rejected =
        http.user("bob", "approver")
            .postJson(
                "/v1/runs/" + id + "/approval", Map.of("decision", "reject", "comment", "not yet"));
    assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
    JsonNode done = awaitEnd(id);
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("REJECTED");
    assertThat(done.path("error").asText()).isEqualTo("rejected by bob: not yet");
    assertThat(done.path("stages").findValuesAsText("status")).endsWith("FAILED", "SKIPPED");
    assertThat(http.get("/v1/models/wait-reject/runs").json().path("runs"))
        .singleElement()
        .satisfies(r -> assertThat(r.path("status").asText()).isEqualTo("REJECTED"));
    assertThat(trackingTags(waiting.path("trackingRunId").asText()))
        .containsEntry("keel.status", "REJECTED");
    assertThat(http.get("/v1/models/wait-reject/deployments").json().path("history"))
        .as("nothing was deployed")
        .isEmpty();
  }
}
