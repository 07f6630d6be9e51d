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
 * Hyperparameter sweeps through the HTTP API on the red wine data: the tuned version against the
 * untuned default on the same holdout, the trials as nested MLflow runs, and definitions that are
 * refused with the field named.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SweepApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
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

  static Map<String, Object> logistic(String name, Map<String, Object> sweep) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", "quality");
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put("trainer", Map.of("algorithm", "logistic"));
    if (sweep != null) {
      d.put("sweep", sweep);
    }
    return d;
  }

  static JsonNode train(String model) {
    return dev.keel.engine.Runs.trainToEnd(http, model, "red", Duration.ofSeconds(300));
  }

  @Test
  void aTunedLogisticModelBeatsTheUntunedDefaultOnTheSameHoldout() {
    // AdaGrad's default learning rate (0.5) overshoots on this data; the sweep searches rates and
    // epochs
    Map<String, Object> sweep =
        Map.of(
            "strategy",
            "grid",
            "space",
            Map.of(
                "learningRate",
                List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1),
                "epochs",
                List.of(5, 10, 30)),
            "concurrency",
            4,
            "metric",
            "rocAuc");
    assertThat(http.postJson("/v1/models", logistic("red-default", null)).status()).isEqualTo(201);
    Http.Response created = http.postJson("/v1/models", logistic("red-tuned", sweep));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(
            created.json().path("definition").path("sweep").path("space").path("epochs").toString())
        .isEqualTo("[5,10,30]");
    assertThat(http.postJson("/v1/models", logistic("red-tuned", sweep)).status()).isEqualTo(200);

    JsonNode untuned = train("red-default");
    long started = System.nanoTime();
    JsonNode tuned = train("red-tuned");
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(tuned.path("status").asText()).as(tuned.toString()).isEqualTo("SUCCEEDED");
    double defaultAccuracy = untuned.path("metrics").path("accuracy").asDouble();
    double tunedAccuracy = tuned.path("metrics").path("accuracy").asDouble();
    double defaultAuc = untuned.path("metrics").path("rocAuc").asDouble();
    double tunedAuc = tuned.path("metrics").path("rocAuc").asDouble();
    System.err.printf(
        "sweep figures: default accuracy %.4f rocAuc %.4f; tuned accuracy %.4f rocAuc %.4f; "
            + "21 trials in %.1f s; %s%n",
        defaultAccuracy,
        defaultAuc,
        tunedAccuracy,
        tunedAuc,
        seconds,
        tuned.path("stages").get(2).path("detail").asText());
    assertThat(tunedAccuracy).isGreaterThan(defaultAccuracy);
    assertThat(tunedAuc).isGreaterThan(defaultAuc);

    assertThat(tuned.path("stages").findValuesAsText("name"))
        .containsExactly(
            "ingest", "validate", "sweep", "train", "evaluate", "register", "approve", "deploy");
    JsonNode stage = tuned.path("stages").get(2);
    assertThat(stage.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(stage.path("detail").asText())
        .startsWith("21 of 21 trials done: 21 finished, 0 failed, 0 running; " + "best rocAuc ");

    JsonNode version =
        http.get("/v1/models/red-tuned/versions/" + tuned.path("modelVersion").asInt()).json();
    JsonNode lineage = version.path("lineage");
    JsonNode chosen = lineage.path("sweep");
    assertThat(chosen.path("runId").asText()).isEqualTo(tuned.path("id").asText());
    assertThat(chosen.path("trackingRunId").asText())
        .isEqualTo(tuned.path("trackingRunId").asText());
    assertThat(chosen.path("strategy").asText()).isEqualTo("grid");
    assertThat(chosen.path("metric").asText()).isEqualTo("rocAuc");
    assertThat(chosen.path("trialsFinished").asInt()).isEqualTo(21);
    assertThat(chosen.path("trialsFailed").asInt()).isZero();
    assertThat(chosen.path("trial").asInt()).isBetween(1, 21);
    assertThat(lineage.path("params").path("learningRate").asText())
        .isEqualTo(chosen.path("params").path("learningRate").asText())
        .isNotEqualTo("0.5");
    assertThat(lineage.path("params").path("epochs").asText())
        .isEqualTo(chosen.path("params").path("epochs").asText());

    // the trials are nested tracking runs of the pipeline run's
    String parent = tuned.path("trackingRunId").asText();
    String experiment =
        http.get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=red-tuned")
            .json()
            .path("experiment")
            .path("experiment_id")
            .asText();
    JsonNode trials =
        http.postJson(
                "/api/2.0/mlflow/runs/search",
                Map.of(
                    "experiment_ids",
                    List.of(experiment),
                    "filter",
                    "tags.mlflow.parentRunId = '" + parent + "'",
                    "order_by",
                    List.of("metrics.rocAuc DESC")))
            .json()
            .path("runs");
    assertThat(trials).hasSize(21);
    assertThat(trials)
        .allSatisfy(
            t -> {
              assertThat(t.path("info").path("status").asText()).isEqualTo("FINISHED");
              assertThat(t.path("data").path("params").findValuesAsText("key"))
                  .contains("algorithm", "learningRate", "epochs");
            });
    JsonNode best = trials.get(0);
    assertThat(best.path("info").path("run_id").asText())
        .isEqualTo(chosen.path("trialTrackingRunId").asText());
    assertThat(best.path("data").path("metrics").findValuesAsText("key"))
        .contains("rocAuc", "accuracy");

    JsonNode parentRun = http.get("/api/2.0/mlflow/runs/get?run_id=" + parent).json().path("run");
    Map<String, String> params = new HashMap<>();
    parentRun
        .path("data")
        .path("params")
        .forEach(p -> params.put(p.path("key").asText(), p.path("value").asText()));
    assertThat(params)
        .containsEntry("sweep.strategy", "grid")
        .containsEntry("sweep.trials", "21")
        .containsEntry("learningRate", chosen.path("params").path("learningRate").asText());
  }

  @Test
  void invalidSweepsAreRefusedNamingTheField() {
    Map<String, Map<String, Object>> cases = new java.util.LinkedHashMap<>();
    cases.put(
        "field 'sweep.strategy': 'bayes' is not a strategy",
        Map.of("strategy", "bayes", "space", Map.of("epochs", List.of(5))));
    cases.put("field 'sweep.space' is required", Map.of("strategy", "grid"));
    cases.put(
        "field 'sweep.space.learningRate': a grid sweep needs a list of values",
        Map.of("strategy", "grid", "space", Map.of("learningRate", Map.of("min", 0.01, "max", 1))));
    cases.put(
        "field 'sweep.trials' is required for a random sweep",
        Map.of("strategy", "random", "space", Map.of("epochs", List.of(5, 10))));
    cases.put(
        "field 'sweep.space.depth': unknown parameter 'depth' for algorithm 'logistic'; expected one of "
            + "[epochs, learningRate, minibatchSize]",
        Map.of("strategy", "grid", "space", Map.of("depth", List.of(2, 4))));
    cases.put(
        "field 'sweep.space.epochs': parameter 'epochs' of algorithm 'logistic' is '0'",
        Map.of("strategy", "grid", "space", Map.of("epochs", List.of(5, 0))));
    cases.put(
        "field 'sweep.space.learningRate.min': a log scale needs min > 0",
        Map.of(
            "strategy",
            "random",
            "trials",
            5,
            "space",
            Map.of("learningRate", Map.of("min", 0, "max", 1, "scale", "log"))));
    cases.put(
        "field 'sweep.space.learningRate': min 1.0 must be below max 0.1",
        Map.of(
            "strategy",
            "random",
            "trials",
            5,
            "space",
            Map.of("learningRate", Map.of("min", 1, "max", 0.1))));
    cases.put(
        "field 'sweep.space.epochs.type': 'long' is not a type",
        Map.of(
            "strategy",
            "random",
            "trials",
            5,
            "space",
            Map.of("epochs", Map.of("min", 1, "max", 9, "type", "long"))));
    cases.put(
        "field 'sweep.metric': 'rmse' is not a classification metric",
        Map.of("strategy", "grid", "space", Map.of("epochs", List.of(5)), "metric", "rmse"));
    cases.put(
        "field 'sweep.concurrency': 0 is out of range; expected 1 to 64",
        Map.of("strategy", "grid", "space", Map.of("epochs", List.of(5)), "concurrency", 0));
    cases.put(
        "field 'sweep.trials': 5000 is out of range",
        Map.of("strategy", "grid", "space", Map.of("epochs", List.of(5)), "trials", 5000));
    int i = 0;
    for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
      Http.Response r = http.postJson("/v1/models", logistic("red-bad-" + i++, c.getValue()));
      assertThat(r.status()).as(c.getKey()).isEqualTo(400);
      assertThat(r.message()).as(r.text()).contains(c.getKey());
    }
    assertThat(http.get("/v1/models").json().toString()).doesNotContain("red-bad-");
  }
}
