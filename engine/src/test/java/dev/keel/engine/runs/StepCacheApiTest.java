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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step caching through the HTTP API on red wine: a second run of a model with {@code cache} reuses
 * ingest, validate, every sweep trial and training, shows them as {@code CACHED}, and registers a
 * version with the same artifact hash; a model without it computes every step.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StepCacheApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();

  static Http http;

  @BeforeAll
  static void redWine() {
    http = Http.api(APP);
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red-cache", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
  }

  static Map<String, Object> model(String name, Object cache) {
    Map<String, Object> d = dev.keel.engine.Runs.redWineLogistic(name);
    d.put(
        "sweep",
        Map.of(
            "strategy",
            "grid",
            "space",
            Map.of("learningRate", List.of(0.01, 0.1), "epochs", List.of(5, 10)),
            "metric",
            "rocAuc"));
    d.put("dataset", "red-cache");
    if (cache != null) {
      d.put("cache", cache);
    }
    return d;
  }

  static JsonNode train(String model) {
    JsonNode run =
        dev.keel.engine.Runs.trainToEnd(http, model, "red-cache", Duration.ofSeconds(300));
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    return run;
  }

  static Map<String, String> stages(JsonNode run) {
    Map<String, String> statuses = new LinkedHashMap<>();
    run.path("stages")
        .forEach(s -> statuses.put(s.path("name").asText(), s.path("status").asText()));
    return statuses;
  }

  static String artifact(String model, int version) {
    return http.get("/v1/models/" + model + "/versions/" + version)
        .json()
        .path("artifactHash")
        .asText();
  }

  @Test
  void aSecondIdenticalRunReusesEveryStepAndRegistersTheSameArtifact() {
    Http.Response created =
        http.postJson("/v1/models", model("wine-cached", Map.of("maxStalenessDays", 30)));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.json().path("definition").path("cache").path("maxStalenessDays").asInt())
        .isEqualTo(30);

    JsonNode first = train("wine-cached");
    assertThat(stages(first))
        .containsEntry("ingest", "SUCCEEDED")
        .containsEntry("validate", "SUCCEEDED")
        .containsEntry("sweep", "SUCCEEDED")
        .containsEntry("train", "SUCCEEDED");
    assertThat(first.path("stages").get(2).path("detail").asText()).doesNotContain("cached");

    JsonNode second = train("wine-cached");
    assertThat(stages(second))
        .containsEntry("ingest", "CACHED")
        .containsEntry("validate", "CACHED")
        .containsEntry("train", "CACHED")
        .containsEntry("evaluate", "SUCCEEDED")
        .containsEntry("register", "SUCCEEDED");
    assertThat(second.path("stages").get(2).path("name").asText()).isEqualTo("sweep");
    assertThat(second.path("stages").get(2).path("detail").asText())
        .startsWith("4 of 4 trials done: 4 finished, 0 failed, 0 running (4 cached)");
    assertThat(second.path("modelVersion").asInt()).isEqualTo(2);
    assertThat(artifact("wine-cached", 2))
        .as("the cached run registers the very model the first one trained")
        .isEqualTo(artifact("wine-cached", 1))
        .startsWith("sha256:");
    assertThat(second.path("metrics")).isEqualTo(first.path("metrics"));

    // the same spec under another model, without caching: every step computes, to the same
    // artifacts (its second run expects its first version's signature, as the cached one did)
    assertThat(http.postJson("/v1/models", model("wine-uncached", null)).status()).isEqualTo(201);
    for (int run = 1; run <= 2; run++) {
      JsonNode plain = train("wine-uncached");
      assertThat(stages(plain).values()).doesNotContain("CACHED");
      assertThat(artifact("wine-uncached", run)).isEqualTo(artifact("wine-cached", run));
    }
  }

  @Test
  void aBadCachePolicyIsRefused() {
    Http.Response bad =
        http.postJson("/v1/models", model("wine-bad-cache", Map.of("maxStalenessDays", 0)));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message())
        .isEqualTo(
            "field 'cache.maxStalenessDays': 0 is out of range; expected whole days from 1 to"
                + " 36500, or no field for any age");
  }
}
