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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every run of a model goes through its lifecycle, over HTTP on the dev stack: a run started with
 * {@code POST /v1/models/{name}/runs} (or a restart) while another is in flight is refused with 409
 * naming it, a retrain asked for meanwhile waits for it, and once it has ended a new run starts. A
 * run waiting for a person's approval stays in flight for as long as the test needs.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OneDoorApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();

  @Test
  void aSecondRunWhileOneIsInFlightIsRefusedNamingItAndARetrainWaitsForIt() {
    Http http = Http.api(APP);
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
    Map<String, Object> model = PipelineApiTest.classifier("door", "logistic", List.of());
    model.put("release", Map.of("approval", "manual", "approvalTimeoutSeconds", 3600));
    model.put("monitoring", Map.of("cooldownSeconds", 0));
    assertThat(http.postJson("/v1/models", model).status()).isEqualTo(201);

    Http.Response started =
        http.postJson("/v1/models/door/runs", Map.of("dataset", "red"), "Idempotency-Key", "a");
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String first = started.json().path("id").asText();
    awaitApproval(http, first);

    Http.Response second = http.postJson("/v1/models/door/runs", Map.of("dataset", "red"));
    assertThat(second.status()).as(second.text()).isEqualTo(409);
    assertThat(second.message())
        .isEqualTo(
            "model 'door' already has run "
                + first
                + " in flight; wait for it to "
                + "end (decide it, if it awaits approval) and start the run again");
    Http.Response again =
        http.postJson("/v1/models/door/runs", Map.of("dataset", "red"), "Idempotency-Key", "a");
    assertThat(again.status()).as("a repeated request finds its run").isEqualTo(200);
    assertThat(again.json().path("id").asText()).isEqualTo(first);
    assertThat(http.postJson("/v1/models/door/runs", Map.of("dataset", "nothing")).status())
        .as("a bad request is still a bad request")
        .isEqualTo(404);

    // a retrain while the API's run is in flight: no second run beside it
    Http.Response retrain =
        http.postJson("/v1/models/door/retrain", Map.of("reason", "fresh eyes"));
    assertThat(retrain.status()).as(retrain.text()).isEqualTo(202);
    JsonNode lifecycle =
        http.await(
                "/v1/models/door",
                r ->
                    r.json()
                        .path("lifecycle")
                        .path("timeline")
                        .findValuesAsText("kind")
                        .contains("coalesced"),
                Duration.ofSeconds(30))
            .json()
            .path("lifecycle");
    assertThat(lifecycle.path("inFlightRunId").asText()).isEqualTo(first);
    assertThat(http.get("/v1/models/door/runs").json().path("runs").findValuesAsText("id"))
        .containsExactly(first);

    // once it has ended, the retrain follows; a run started while the retrain is in flight is
    // refused too
    approve(http, first);
    assertThat(awaitEnd(http, first).path("status").asText()).isEqualTo("SUCCEEDED");
    JsonNode runs =
        http.await(
                "/v1/models/door/runs",
                r -> r.json().path("runs").size() == 2,
                Duration.ofSeconds(30))
            .json();
    String followUp = runs.path("runs").get(0).path("id").asText();
    awaitApproval(http, followUp);
    Http.Response restart =
        http.post("/v1/runs/" + first + "/restart", "application/json", new byte[0]);
    assertThat(restart.status()).as(restart.text()).isEqualTo(409);
    assertThat(restart.message()).contains("already has run " + followUp + " in flight");
    approve(http, followUp);
    awaitEnd(http, followUp);

    Http.Response third = http.postJson("/v1/models/door/runs", Map.of("dataset", "red"));
    assertThat(third.status()).as(third.text()).isEqualTo(202);
    String thirdId = third.json().path("id").asText();
    assertThat(thirdId).isNotIn(first, followUp);
    assertThat(http.get("/v1/models/door").json().path("lifecycle").path("inFlightRunId").asText())
        .isEqualTo(thirdId);
    assertThat(http.get("/v1/models/door/runs").json().path("runs")).hasSize(3);
  }

  private static void approve(Http http, String runId) {
    Http.Response approved =
        http.user("alice", "approver")
            .postJson("/v1/runs/" + runId + "/approval", Map.of("decision", "approve"));
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
  }

  private static JsonNode awaitApproval(Http http, String runId) {
    JsonNode run =
        http.await(
                "/v1/runs/" + runId,
                r -> !"RUNNING".equals(r.json().path("status").asText()),
                Duration.ofSeconds(60))
            .json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("AWAITING_APPROVAL");
    return run;
  }

  private static JsonNode awaitEnd(Http http, String runId) {
    return http.await(
            "/v1/runs/" + runId,
            r -> !RunStatus.inFlight(r.json().path("status").asText()),
            Duration.ofSeconds(60))
        .json();
  }
}
