package dev.keel.engine.serving;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shadow releases and log replay over HTTP on the red wine data: a candidate scored in the shadow
 * of a serving champion under live traffic, a candidate trained on inverted labels that fails its
 * replay or its shadow and never serves, and the ad-hoc replay endpoint.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ShadowReleaseApiTest {

  static final String DB = TestStack.get().newDatabase();
  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.app(DB, ServingApiTest.tempDir());

  static Http http;
  static List<Map<String, Object>> red;

  @BeforeAll
  static void datasets() throws IOException {
    http = Http.api(APP);
    red = ServingApiTest.readRed();
    byte[] csv = Files.readAllBytes(SharedData.redWine());
    assertThat(http.post("/v1/datasets?name=red", "text/csv", csv).status()).isEqualTo(201);
    // the same wines with quality mirrored (11 - q), so that "quality >= 6" flips for every wine:
    // a model trained on it predicts the other class of the champion's almost everywhere
    assertThat(http.post("/v1/datasets?name=inverted", "text/csv", inverted(csv)).status())
        .isEqualTo(201);
  }

  static byte[] inverted(byte[] csv) {
    List<String> lines = new String(csv, StandardCharsets.UTF_8).lines().toList();
    StringBuilder out = new StringBuilder(lines.get(0)).append('\n');
    for (String line : lines.subList(1, lines.size())) {
      int comma = line.lastIndexOf(',');
      int quality = Integer.parseInt(line.substring(comma + 1).trim());
      out.append(line, 0, comma + 1).append(11 - quality).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, Object> model(String name, Map<String, Object> release) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", "quality");
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put("trainer", Map.of("algorithm", "logistic"));
    d.put("gates", List.of(Map.of("metric", "accuracy", "op", ">=", "value", 0.7)));
    d.put("release", release);
    return d;
  }

  static final Map<String, Object> SHADOW =
      Map.of(
          "share", 1.0,
          "windowSeconds", 2,
          "minAgreement", 0.9,
          "maxLatencyRatio", 50.0,
          "minPredictions", 30);

  static String start(String model, String dataset) {
    Http.Response started =
        http.postJson("/v1/models/" + model + "/runs", Map.of("dataset", dataset));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    return started.json().path("id").asText();
  }

  static JsonNode await(String run) {
    return http.await(
            "/v1/runs/" + run,
            r -> !RunStatus.inFlight(r.json().path("status").asText()),
            Duration.ofSeconds(180))
        .json();
  }

  static JsonNode stage(JsonNode run, String name) {
    for (JsonNode s : run.path("stages")) {
      if (s.path("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no stage " + name + " in " + run);
  }

  /**
   * Sends predictions (5 wines each, at most {@code max} requests) until {@code done}; returns the
   * versions that answered the requests made while the candidate was in the shadow.
   */
  static Set<Integer> load(String model, AtomicBoolean done, int max) {
    Http client = http.serving(model);
    Set<Integer> answeredInShadow = new TreeSet<>();
    for (int i = 0; i < max && !done.get(); i++) {
      boolean before = shadowing(model);
      int from = (i * 5) % (red.size() - 5);
      Http.Response r =
          client.postJson(
              "/v1/models/" + model + "/predict", Map.of("instances", red.subList(from, from + 5)));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      // the shadow is removed before the candidate is deployed: a shadow shown both before and
      // after the request means the request was answered while the candidate was in the shadow
      if (before && shadowing(model)) {
        answeredInShadow.add(r.json().path("modelVersion").asInt());
      }
    }
    return answeredInShadow;
  }

  static boolean shadowing(String model) {
    return http.get("/v1/models/" + model + "/deployments")
        .json()
        .path("state")
        .has("shadowVersion");
  }

  /** Runs {@code run} to its end under a load loop; the versions that answered in its shadow. */
  static Set<Integer> underLoad(String model, String run, JsonNode[] result) {
    AtomicBoolean done = new AtomicBoolean();
    CompletableFuture<Set<Integer>> loop =
        CompletableFuture.supplyAsync(() -> load(model, done, 3000));
    try {
      result[0] = await(run);
    } finally {
      done.set(true);
    }
    return loop.join();
  }

  @Test
  void anAgreeingCandidateShadowsTheChampionThenDeploysAndAnInvertedOneIsRejectedByReplay() {
    Map<String, Object> release = new HashMap<>();
    release.put("approval", "auto");
    release.put("shadow", SHADOW);
    release.put("replay", Map.of("lastN", 200, "minAgreement", 0.9));
    assertThat(http.postJson("/v1/models", model("wine-shadow", release)).status()).isEqualTo(201);

    // the first version: nothing to replay, no champion to shadow
    JsonNode first = await(start("wine-shadow", "red"));
    assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("SUCCEEDED");
    assertThat(stage(first, "replay").path("status").asText()).isEqualTo("SKIPPED");
    assertThat(stage(first, "replay").path("detail").asText())
        .isEqualTo("no logged predictions of the champion to replay yet");
    assertThat(stage(first, "shadow").path("status").asText()).isEqualTo("SKIPPED");
    load("wine-shadow", new AtomicBoolean(), 40);

    // the second: the same model again, so its replay and shadow agree
    JsonNode[] second = new JsonNode[1];
    Set<Integer> answered = underLoad("wine-shadow", start("wine-shadow", "red"), second);
    assertThat(second[0].path("status").asText()).as(second[0].toString()).isEqualTo("SUCCEEDED");
    assertThat(answered).as("callers only ever get the champion").containsExactly(1);
    JsonNode replay = stage(second[0], "replay");
    assertThat(replay.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(replay.path("detail").asText()).startsWith("agreement 1.000 over ");
    JsonNode shadow = stage(second[0], "shadow");
    assertThat(shadow.path("status").asText()).as(shadow.toString()).isEqualTo("SUCCEEDED");
    assertThat(shadow.path("detail").asText())
        .startsWith("agreement 1.000 over ")
        .contains("paired predictions; p95 latency ratio ");
    assertThat(stage(second[0], "deploy").path("status").asText()).isEqualTo("SUCCEEDED");
    JsonNode deployments = http.get("/v1/models/wine-shadow/deployments").json();
    assertThat(deployments.path("state").path("version").asInt()).isEqualTo(2);
    assertThat(deployments.path("state").has("shadowVersion")).isFalse();
    assertThat(deployments.path("history").findValuesAsText("kind"))
        .containsSubsequence("deploy", "shadow-stop", "shadow-start");
    String metrics = Http.admin(APP).get("/metrics").text();
    assertThat(metrics)
        .contains("keel_shadow_predictions_total{model=\"wine-shadow\",version=\"2\",}")
        .contains("keel_shadow_agreement{model=\"wine-shadow\",version=\"2\",} 1.0");

    // the third: trained on inverted labels, rejected by its replay before any live traffic
    JsonNode third = await(start("wine-shadow", "inverted"));
    assertThat(third.path("status").asText()).as(third.toString()).isEqualTo("REJECTED");
    assertThat(third.path("error").asText())
        .startsWith("log replay: agreement 0.")
        .contains("with the champion's logged outputs is below 0.900");
    assertThat(stage(third, "replay").path("status").asText()).isEqualTo("FAILED");
    assertThat(stage(third, "shadow").path("status").asText()).isEqualTo("SKIPPED");
    assertThat(
            http.get("/v1/models/wine-shadow/deployments")
                .json()
                .path("state")
                .path("version")
                .asInt())
        .isEqualTo(2);

    // the ad-hoc replay: figures and examples, nothing changed
    Http operator = http.user("olga", "operator");
    Http.Response bad =
        operator.postJson("/v1/models/wine-shadow/versions/3/replay", Map.of("lastN", 50));
    assertThat(bad.status()).as(bad.text()).isEqualTo(200);
    assertThat(bad.json().path("replayed").asInt()).isEqualTo(50);
    assertThat(bad.json().path("agreement").asDouble()).isLessThan(0.5);
    assertThat(bad.json().path("disagreements")).hasSize(10);
    JsonNode example = bad.json().path("disagreements").get(0);
    assertThat(example.path("inputs").has("alcohol")).isTrue();
    assertThat(example.path("logged").asText()).isNotEqualTo(example.path("candidate").asText());
    Http.Response good =
        operator.postJson("/v1/models/wine-shadow/versions/2/replay", Map.of("lastN", 50));
    assertThat(good.json().path("agreement").asDouble()).isEqualTo(1.0);
    assertThat(good.json().path("disagreements")).isEmpty();
    Http.Response tooMany =
        operator.postJson("/v1/models/wine-shadow/versions/2/replay", Map.of("lastN", 0));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.message()).contains("lastN");
    assertThat(
            http.user("vic", "viewer")
                .postJson("/v1/models/wine-shadow/versions/2/replay", Map.of())
                .status())
        .isEqualTo(403);
  }

  @Test
  void aCandidateThatDisagreesFailsItsShadowAndNeverServes() {
    Map<String, Object> release = new HashMap<>();
    release.put("approval", "auto");
    release.put("shadow", SHADOW);
    assertThat(http.postJson("/v1/models", model("wine-contrary", release)).status())
        .isEqualTo(201);
    JsonNode first = await(start("wine-contrary", "red"));
    assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("SUCCEEDED");

    JsonNode[] second = new JsonNode[1];
    Set<Integer> answered = underLoad("wine-contrary", start("wine-contrary", "inverted"), second);

    assertThat(second[0].path("status").asText()).as(second[0].toString()).isEqualTo("REJECTED");
    assertThat(second[0].path("error").asText())
        .startsWith("shadow failed: agreement 0.")
        .contains("with the champion is below 0.900");
    assertThat(stage(second[0], "shadow").path("status").asText()).isEqualTo("FAILED");
    assertThat(stage(second[0], "deploy").path("status").asText()).isEqualTo("SKIPPED");
    assertThat(answered).containsExactly(1);
    JsonNode state = http.get("/v1/models/wine-contrary/deployments").json().path("state");
    assertThat(state.path("version").asInt()).isEqualTo(1);
    assertThat(state.has("shadowVersion")).isFalse();
    assertThat(state.has("canaryVersion")).isFalse();
  }

  @Test
  void badShadowAndReplaySettingsAreRefusedNamingTheField() {
    Map<String, String> cases =
        Map.of(
            "release.shadow.share",
                "{\"share\": 1.5, \"windowSeconds\": 60, \"minAgreement\": 0.9,"
                    + " \"maxLatencyRatio\": 2, \"minPredictions\": 50}",
            "release.shadow.windowSeconds",
                "{\"share\": 0.5, \"windowSeconds\": 0,"
                    + " \"minAgreement\": 0.9, \"maxLatencyRatio\": 2, \"minPredictions\": 50}",
            "release.shadow.minAgreement",
                "{\"share\": 0.5, \"windowSeconds\": 60,"
                    + " \"minAgreement\": 1.2, \"maxLatencyRatio\": 2, \"minPredictions\": 50}");
    int i = 0;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      String body =
          "{\"name\": \"bad-"
              + (i++)
              + "\", \"task\": \"classification\", \"target\": \"quality\","
              + " \"binarize\": {\"op\": \">=\", \"value\": 6},"
              + " \"trainer\": {\"algorithm\": \"logistic\"},"
              + " \"release\": {\"shadow\": "
              + c.getValue()
              + "}}";
      Http.Response r =
          http.request("POST", "/v1/models", body, "Content-Type", "application/json");
      assertThat(r.status()).as(r.text()).isEqualTo(400);
      assertThat(r.message()).contains("field '" + c.getKey() + "'");
    }
    Map<String, Object> release = new HashMap<>();
    release.put("replay", Map.of("lastN", 100, "minAgreement", -0.1));
    Http.Response r = http.postJson("/v1/models", model("bad-replay", release));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("field 'release.replay.minAgreement'");
  }
}
