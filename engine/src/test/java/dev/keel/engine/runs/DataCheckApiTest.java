package dev.keel.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Data checks through the HTTP API on the wine data: a model trained on red wine gets white wine
 * (or a colour it never saw) as a new version of its dataset; the retrain this triggers checks the
 * new version against the champion's training data and fails, holds for a person, or warns.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DataCheckApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static Http http;

  @BeforeAll
  static void client() {
    http = Http.api(APP);
  }

  static void registerFile(String dataset, java.nio.file.Path file) {
    Http.Response r =
        http.postJson("/v1/datasets", Map.of("name", dataset, "source", file.toUri().toString()));
    assertThat(r.status()).as(r.text()).isIn(200, 201);
  }

  /** Red wine with a {@code colour} column: row {@code i} (from 1) gets {@code colour(i)}. */
  static void registerRedWithColour(String dataset, IntFunction<String> colour) throws IOException {
    List<String> lines = Files.readAllLines(SharedData.redWine());
    StringBuilder csv = new StringBuilder(lines.get(0)).append(",colour\n");
    for (int i = 1; i < lines.size(); i++) {
      csv.append(lines.get(i)).append(',').append(colour.apply(i)).append('\n');
    }
    Http.Response r =
        http.post(
            "/v1/datasets?name=" + dataset,
            "text/csv",
            csv.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.text()).isIn(200, 201);
  }

  static Map<String, Object> model(String name, String dataset, Map<String, Object> validation) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", "quality");
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put("trainer", Map.of("algorithm", "logistic"));
    d.put("dataset", dataset);
    d.put("monitoring", Map.of("cooldownSeconds", 0));
    d.put("dataValidation", validation);
    return d;
  }

  static JsonNode awaitEnd(String runId) {
    return http.await(
            "/v1/runs/" + runId,
            r -> !RunStatus.inFlight(r.json().path("status").asText()),
            Duration.ofSeconds(120))
        .json();
  }

  /** Trains the model's first version (a person's run: no data check) and makes it champion. */
  static void trainChampion(String model) {
    Http.Response started =
        http.postJson("/v1/models/" + model + "/runs", Map.of("dataset", datasetOf(model)));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    JsonNode run = awaitEnd(started.json().path("id").asText());
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("stages").findValuesAsText("name")).doesNotContain("dataCheck");
  }

  static String datasetOf(String model) {
    return http.get("/v1/models/" + model).json().path("definition").path("dataset").asText();
  }

  /** The run the new data triggered: the model's second run, once it matches {@code done}. */
  static JsonNode retrain(String model, java.util.function.Predicate<JsonNode> done) {
    JsonNode runs =
        http.await(
                "/v1/models/" + model + "/runs",
                r -> r.json().path("runs").size() >= 2,
                Duration.ofSeconds(60))
            .json()
            .path("runs");
    String id = runs.get(0).path("id").asText();
    return http.await("/v1/runs/" + id, r -> done.test(r.json()), Duration.ofSeconds(120)).json();
  }

  static JsonNode stage(JsonNode run, String name) {
    for (JsonNode s : run.path("stages")) {
      if (s.path("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no stage " + name + " in " + run);
  }

  @Test
  void whiteWineAsANewVersionOfRedWineFailsTheRetrainAtItsDataCheck() {
    registerFile("wine-fail", SharedData.redWine());
    assertThat(
            http.postJson("/v1/models", model("dc-fail", "wine-fail", Map.of("onFailure", "fail")))
                .status())
        .isEqualTo(201);
    trainChampion("dc-fail");

    registerFile("wine-fail", SharedData.whiteWine());
    JsonNode run = retrain("dc-fail", r -> !RunStatus.inFlight(r.path("status").asText()));

    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("FAILED");
    assertThat(run.path("error").asText())
        .startsWith("dataCheck: ")
        .contains("column 'total_sulfur_dioxide': PSI ")
        .contains(
            "column 'residual_sugar': 6.2% of values (303 of 4898) outside the training range"
                + " [0.9, 15.5] (max 1.0%)");
    assertThat(run.path("stages").findValuesAsText("name"))
        .containsExactly(
            "ingest",
            "validate",
            "dataCheck",
            "train",
            "evaluate",
            "register",
            "approve",
            "deploy");
    JsonNode check = stage(run, "dataCheck");
    assertThat(check.path("status").asText()).isEqualTo("FAILED");
    assertThat(check.path("detail").asText())
        .contains(" of 11 columns [")
        .contains("against the champion's training data wine-fail@sha256:");
    assertThat(stage(run, "train").path("status").asText()).isEqualTo("SKIPPED");
    assertThat(run.path("modelVersion").isNull()).isTrue();
    assertThat(http.get("/v1/models/dc-fail").json().path("champion").path("version").asInt())
        .isEqualTo(1);
  }

  @Test
  void aHeldRetrainWaitsForAnApproverWhoReleasesIt() {
    registerFile("wine-hold", SharedData.redWine());
    http.postJson("/v1/models", model("dc-hold", "wine-hold", Map.of("onFailure", "hold")));
    trainChampion("dc-hold");

    registerFile("wine-hold", SharedData.whiteWine());
    JsonNode held = retrain("dc-hold", r -> "AWAITING_APPROVAL".equals(r.path("status").asText()));

    assertThat(held.path("stage").asText()).isEqualTo("dataCheck");
    assertThat(stage(held, "dataCheck").path("status").asText()).isEqualTo("RUNNING");
    assertThat(stage(held, "dataCheck").path("detail").asText())
        .startsWith("held for a person (approve to train, reject to stop; onFailure: hold): ")
        .contains("total_sulfur_dioxide");
    assertThat(stage(held, "train").path("status").asText()).isEqualTo("PENDING");
    String id = held.path("id").asText();

    Http.Response released =
        http.user("alice", "approver")
            .postJson(
                "/v1/runs/" + id + "/approval",
                Map.of("decision", "approve", "comment", "we now sell white wine"));
    assertThat(released.status()).as(released.text()).isEqualTo(200);
    JsonNode done = awaitEnd(id);

    assertThat(stage(done, "dataCheck").path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(stage(done, "dataCheck").path("detail").asText())
        .endsWith("; released by alice: we now sell white wine");
    assertThat(stage(done, "train").path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.path("modelVersion").asInt()).as(done.toString()).isEqualTo(2);
    assertThat(http.get("/v1/audit?actor=alice").json().toString())
        .contains("dc-hold dataCheck (run " + id + ")");
    Http.Response again =
        http.user("bob", "approver")
            .postJson("/v1/runs/" + id + "/approval", Map.of("decision", "reject"));
    assertThat(again.status()).isEqualTo(409);
  }

  @Test
  void aNewColourWarnsAndTrainsWhileAPersonsRunSkipsTheCheck() throws IOException {
    registerRedWithColour("wine-colour", i -> "red");
    http.postJson(
        "/v1/models", model("dc-warn", "wine-colour", Map.of("onFailure", "warn", "maxPsi", 10)));
    trainChampion("dc-warn");

    registerRedWithColour("wine-colour", i -> i % 100 == 0 ? "rose" : "red");
    JsonNode run = retrain("dc-warn", r -> !RunStatus.inFlight(r.path("status").asText()));

    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    JsonNode check = stage(run, "dataCheck");
    assertThat(check.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(check.path("detail").asText())
        .startsWith("warning (onFailure: warn): 1 problem in 1 of 12 columns [colour]")
        .endsWith(
            "column 'colour': 1 category the training data does not have, in 15 rows: 'rose'"
                + " (15) (new categories are not allowed)");

    Http.Response manual =
        http.postJson("/v1/models/dc-warn/runs", Map.of("dataset", "wine-colour"));
    JsonNode person = awaitEnd(manual.json().path("id").asText());
    assertThat(person.path("stages").findValuesAsText("name")).doesNotContain("dataCheck");
  }

  @Test
  void badPoliciesAreRefusedNamingTheField() {
    Map<Map<String, Object>, String> cases = new java.util.LinkedHashMap<>();
    cases.put(
        Map.of("onFailure", "stop"),
        "field 'dataValidation.onFailure': 'stop' is not a policy; expected 'fail', 'hold' or"
            + " 'warn'");
    cases.put(
        Map.of("maxMissingIncrease", 1.5),
        "field 'dataValidation.maxMissingIncrease': 1.5 is out of range");
    cases.put(
        Map.of("maxOutOfRangeShare", -0.1),
        "field 'dataValidation.maxOutOfRangeShare': -0.1 is out of range");
    cases.put(Map.of("maxPsi", -1), "field 'dataValidation.maxPsi': -1.0 is out of range");
    cases.put(Map.of("maxPsl", 0.2), "unknown field 'dataValidation.maxPsl'");
    int i = 0;
    for (Map.Entry<Map<String, Object>, String> c : cases.entrySet()) {
      Http.Response r = http.postJson("/v1/models", model("dc-bad-" + i++, "red", c.getKey()));
      assertThat(r.status()).as(c.getKey() + " -> " + r.text()).isEqualTo(400);
      assertThat(r.message()).as(c.getKey().toString()).startsWith(c.getValue());
    }
  }
}
