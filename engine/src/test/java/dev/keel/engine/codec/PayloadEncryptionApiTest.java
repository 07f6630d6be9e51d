package dev.keel.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.util.JsonFormat;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import dev.keel.workflows.lifecycle.ModelLifecycle;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Payload encryption as an operator would check it: the raw history in the Temporal server holds no
 * plaintext input, result or error text of a run, and the codec endpoint shows it in clear to the
 * Temporal Web UI.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PayloadEncryptionApiTest {

  static final String UI = "http://localhost:8233";
  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.app(ConfigOverride.config("temporal.encryption.uiOrigins", UI));
  static Http http;
  static String dataset;

  @BeforeAll
  static void registerData() {
    http = Http.api(APP);
    Http.Response red =
        http.postJson(
            "/v1/datasets",
            Map.of("name", "confidential-wine", "source", SharedData.redWine().toUri().toString()));
    assertThat(red.status()).isEqualTo(201);
    dataset = red.json().path("version").asText();
  }

  static Map<String, Object> model(String name, String target) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "regression");
    d.put("target", target);
    d.put("trainer", Map.of("algorithm", "linear"));
    d.put("release", Map.of("approval", "none"));
    return d;
  }

  static JsonNode train(String model) {
    Http.Response started =
        http.postJson("/v1/models/" + model + "/runs", Map.of("dataset", "confidential-wine"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    return http.await(
            "/v1/runs/" + started.json().path("id").asText(),
            r -> !RunStatus.inFlight(r.json().path("status").asText()),
            Duration.ofSeconds(120))
        .json();
  }

  static List<HistoryEvent> history(String workflowId) {
    var stubs = APP.<KeelApplication>getApplication().wired().temporal().stubs();
    List<HistoryEvent> events = new ArrayList<>();
    GetWorkflowExecutionHistoryRequest.Builder request =
        GetWorkflowExecutionHistoryRequest.newBuilder()
            .setNamespace(APP.getConfiguration().getTemporal().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId));
    do {
      GetWorkflowExecutionHistoryResponse page =
          stubs.blockingStub().getWorkflowExecutionHistory(request.build());
      events.addAll(page.getHistory().getEventsList());
      request.setNextPageToken(page.getNextPageToken());
    } while (!request.getNextPageToken().isEmpty());
    return events;
  }

  static String raw(List<HistoryEvent> events) {
    StringBuilder all = new StringBuilder();
    events.forEach(e -> all.append(e.toByteString().toString(StandardCharsets.ISO_8859_1)));
    return all.toString();
  }

  @Test
  void aRunsHistoryHoldsNoPlaintextInputResultOrError() {
    assertThat(http.postJson("/v1/models", model("confidential-quality", "quality")).status())
        .isEqualTo(201);
    assertThat(
            http.postJson("/v1/models", model("confidential-broken", "secret_target_column"))
                .status())
        .isEqualTo(201);
    JsonNode good = train("confidential-quality");
    JsonNode bad = train("confidential-broken");
    assertThat(good.path("status").asText()).as(good.toString()).isEqualTo("SUCCEEDED");
    assertThat(bad.path("status").asText()).isEqualTo("FAILED");
    assertThat(bad.path("error").asText()).contains("secret_target_column");

    // runs are children of their model's lifecycle: its workflow id (an id, never encrypted) names
    // the model
    String goodHistory =
        raw(history(good.path("id").asText()))
            .replace(ModelLifecycle.workflowId("confidential-quality"), "");
    String badHistory =
        raw(history(bad.path("id").asText()))
            .replace(ModelLifecycle.workflowId("confidential-broken"), "");

    assertThat(goodHistory)
        .contains("binary/encrypted")
        .doesNotContain("confidential")
        .doesNotContain(dataset.substring("sha256:".length()))
        .doesNotContain("fixed_acidity")
        .doesNotContain("rmse")
        .doesNotContain("linear");
    assertThat(badHistory)
        .contains("binary/encrypted")
        .doesNotContain("confidential")
        .doesNotContain("secret_target_column")
        .doesNotContain("is missing");
  }

  @Test
  void datasetsAndModelsAreEncryptedAtRestAndStillServeRuns() throws Exception {
    assertThat(http.postJson("/v1/models", model("confidential-at-rest", "quality")).status())
        .isEqualTo(201);
    JsonNode run = train("confidential-at-rest");
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");

    java.nio.file.Path store =
        java.nio.file.Path.of(APP.getConfiguration().getArtifactRoot(), "sha256");
    List<java.nio.file.Path> artifacts;
    try (var files = java.nio.file.Files.walk(store)) {
      artifacts =
          files
              .filter(java.nio.file.Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().endsWith(".sha256"))
              .toList();
    }
    assertThat(artifacts).as("the dataset and the model").hasSizeGreaterThanOrEqualTo(2);
    for (java.nio.file.Path artifact : artifacts) {
      String raw =
          new String(java.nio.file.Files.readAllBytes(artifact), StandardCharsets.ISO_8859_1);
      assertThat(raw)
          .as(artifact.toString())
          .startsWith("KEELSUM1 sha256:")
          .contains("\nKEELAE1")
          .doesNotContain("fixed_acidity")
          .doesNotContain("alcohol");
    }
  }

  @Test
  void theCodecEndpointDecodesHistoryPayloadsForTheWebUi() throws Exception {
    assertThat(http.postJson("/v1/models", model("confidential-codec", "quality")).status())
        .isEqualTo(201);
    JsonNode run = train("confidential-codec");
    HistoryEvent started = history(run.path("id").asText()).get(0);
    Payloads input = started.getWorkflowExecutionStartedEventAttributes().getInput();
    String encoded = JsonFormat.printer().print(input);

    Http.Response decoded =
        http.request(
            "POST",
            "/v1/codec/decode",
            encoded,
            "Content-Type",
            "application/json",
            "X-Namespace",
            APP.getConfiguration().getTemporal().getNamespace(),
            "Origin",
            UI);

    assertThat(decoded.status()).as(decoded.text()).isEqualTo(200);
    assertThat(decoded.header("Access-Control-Allow-Origin")).isEqualTo(UI);
    JsonNode payload = decoded.json().path("payloads").get(0);
    String data =
        new String(
            Base64.getDecoder().decode(payload.path("data").asText()), StandardCharsets.UTF_8);
    assertThat(data).contains("confidential-codec").contains(run.path("id").asText());
    assertThat(
            new String(
                Base64.getDecoder().decode(payload.path("metadata").path("encoding").asText()),
                StandardCharsets.UTF_8))
        .isEqualTo("json/plain");

    Http.Response reencoded =
        http.request(
            "POST", "/v1/codec/encode", decoded.text(), "Content-Type", "application/json");
    assertThat(reencoded.status()).isEqualTo(200);
    assertThat(reencoded.text()).doesNotContain(payload.path("data").asText());
    Http.Response roundTrip =
        http.request(
            "POST", "/v1/codec/decode", reencoded.text(), "Content-Type", "application/json");
    assertThat(roundTrip.json().path("payloads").get(0).path("data").asText())
        .isEqualTo(payload.path("data").asText());
  }

  @Test
  void theWebUiOriginGetsAPreflightAnswerAndOthersDoNot() {
    Http.Response allowed =
        http.request(
            "OPTIONS",
            "/v1/codec/decode",
            null,
            "Origin",
            UI,
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type,x-namespace");
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(UI);
    assertThat(allowed.header("Access-Control-Allow-Headers"))
        .contains("X-Namespace")
        .contains("Authorization");

    Http.Response refused =
        http.request(
            "OPTIONS",
            "/v1/codec/decode",
            null,
            "Origin",
            "http://evil.example",
            "Access-Control-Request-Method",
            "POST");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void badCodecRequestsGetClearErrors() {
    Http.Response otherNamespace =
        http.request(
            "POST",
            "/v1/codec/decode",
            "{\"payloads\": []}",
            "Content-Type",
            "application/json",
            "X-Namespace",
            "payments");
    assertThat(otherNamespace.status()).isEqualTo(400);
    assertThat(otherNamespace.message())
        .contains("'payments'")
        .contains("'" + APP.getConfiguration().getTemporal().getNamespace() + "'");

    Http.Response malformed =
        http.request(
            "POST", "/v1/codec/decode", "{\"payloads\": 7}", "Content-Type", "application/json");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.message()).contains("expected {\"payloads\"");

    String forged =
        "{\"payloads\": [{\"metadata\": {\"encoding\": \""
            + Base64.getEncoder()
                .encodeToString("binary/encrypted".getBytes(StandardCharsets.UTF_8))
            + "\", \"encryption-key-id\": \""
            + Base64.getEncoder().encodeToString("nope".getBytes(StandardCharsets.UTF_8))
            + "\"}, \"data\": \"AAAA\"}]}";
    Http.Response unknownKey =
        http.request("POST", "/v1/codec/decode", forged, "Content-Type", "application/json");
    assertThat(unknownKey.status()).isEqualTo(400);
    assertThat(unknownKey.message()).contains("'nope'");
  }
}
