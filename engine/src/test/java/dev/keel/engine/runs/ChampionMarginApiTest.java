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
 * Champion margins through the HTTP API on red wine: a first run passes (no champion), a retrain on
 * the same data cannot beat the champion by the margin and is rejected with the figures.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ChampionMarginApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static Http http;

  @BeforeAll
  static void registerData() {
    http = Http.api(APP);
    Http.Response red =
        http.postJson(
            "/v1/datasets",
            Map.of("name", "red", "source", SharedData.redWine().toUri().toString()));
    assertThat(red.status()).isEqualTo(201);
  }

  static Map<String, Object> model(String name, String task, List<Map<String, Object>> margins) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", task);
    d.put("target", "quality");
    if (task.equals("classification")) {
      d.put("binarize", Map.of("op", ">=", "value", 6));
    }
    d.put("trainer", Map.of("algorithm", task.equals("classification") ? "logistic" : "cart"));
    d.put("championMargins", margins);
    return d;
  }

  static JsonNode train(String model) {
    return dev.keel.engine.Runs.trainToEnd(http, model, "red", Duration.ofSeconds(120));
  }

  static JsonNode margin(JsonNode run) {
    for (JsonNode g : run.path("gates")) {
      if (g.path("source").asText().equals("championMargin")) {
        return g;
      }
    }
    throw new AssertionError("no champion margin among the gates of " + run);
  }

  @Test
  void aRetrainThatDoesNotBeatTheChampionByTheMarginIsRejectedWithTheFigures() {
    assertThat(
            http.postJson(
                    "/v1/models",
                    model(
                        "red-margin",
                        "classification",
                        List.of(Map.of("metric", "rocAuc", "minAbsoluteChange", 0.01))))
                .status())
        .isEqualTo(201);
    assertThat(
            http.get("/v1/models/red-margin")
                .json()
                .path("definition")
                .path("championMargins")
                .get(0)
                .path("minAbsoluteChange")
                .asDouble())
        .isEqualTo(0.01);

    JsonNode first = train("red-margin");
    assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("SUCCEEDED");
    JsonNode none = margin(first);
    assertThat(none.path("passed").asBoolean()).isTrue();
    assertThat(none.path("champion").isNull()).isTrue();
    assertThat(none.path("reason").asText()).startsWith("no champion to compare with");

    // the same data and seed train the same model: it ties the champion, short of the margin
    JsonNode second = train("red-margin");
    assertThat(second.path("status").asText()).as(second.toString()).isEqualTo("REJECTED");
    JsonNode tied = margin(second);
    double auc = first.path("metrics").path("rocAuc").asDouble();
    assertThat(tied.path("passed").asBoolean()).isFalse();
    assertThat(tied.path("metric").asText()).isEqualTo("rocAuc");
    assertThat(tied.path("champion").asDouble()).isEqualTo(auc);
    assertThat(tied.path("actual").asDouble()).isEqualTo(auc);
    assertThat(tied.path("requiredChange").asDouble()).isEqualTo(0.01);
    assertThat(tied.path("change").asDouble()).isEqualTo(0.0);
    assertThat(second.path("error").asText())
        .startsWith("gates failed: ")
        .contains("candidate rocAuc = ")
        .contains(
            "an improvement of 0.0000, short of the required 0.0100 (minAbsoluteChange 0.01)");
    assertThat(http.get("/v1/models/red-margin").json().path("champion").path("version").asInt())
        .isEqualTo(1);
  }

  @Test
  void aRelativeMarginOnRmseKnowsLowerIsBetter() {
    http.postJson(
        "/v1/models",
        model(
            "red-rmse-margin",
            "regression",
            List.of(Map.of("metric", "rmse", "minRelativeChange", 0.05))));
    assertThat(train("red-rmse-margin").path("status").asText()).isEqualTo("SUCCEEDED");

    JsonNode second = train("red-rmse-margin");

    assertThat(second.path("status").asText()).isEqualTo("REJECTED");
    JsonNode m = margin(second);
    double rmse = m.path("champion").asDouble();
    assertThat(m.path("op").asText()).isEqualTo("<=");
    assertThat(m.path("requiredChange").asDouble()).isCloseTo(0.05 * rmse, within());
    assertThat(m.path("value").asDouble()).isCloseTo(0.95 * rmse, within());
    assertThat(m.path("reason").asText()).contains("(lower is better)");
  }

  @Test
  void aZeroMarginPassesATie() {
    http.postJson(
        "/v1/models",
        model(
            "red-zero-margin",
            "classification",
            List.of(Map.of("metric", "accuracy", "minAbsoluteChange", 0))));
    train("red-zero-margin");

    JsonNode second = train("red-zero-margin");

    assertThat(second.path("status").asText()).as(second.toString()).isEqualTo("SUCCEEDED");
    assertThat(margin(second).path("reason").asText()).contains("reaching the required 0.0000");
  }

  @Test
  void badMarginsAreRefusedNamingTheField() {
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put(
        "[{\"metric\": \"recall\", \"minAbsoluteChange\": 0.01}]",
        "field 'championMargins[0].metric': 'recall' is not a classification metric; expected one"
            + " of [accuracy, logLoss, macroF1, rocAuc]");
    cases.put(
        "[{\"metric\": \"rmse\", \"minAbsoluteChange\": 0.01}]",
        "field 'championMargins[0].metric': 'rmse' is not a classification metric (it measures"
            + " regression)");
    cases.put(
        "[{\"metric\": \"accuracy\", \"minAbsoluteChange\": -0.01}]",
        "field 'championMargins[0].minAbsoluteChange': -0.01 is not a margin; expected a number of"
            + " at least 0");
    cases.put(
        "[{\"metric\": \"accuracy\"}]",
        "field 'championMargins[0]': expected exactly one of 'minAbsoluteChange' and"
            + " 'minRelativeChange', got neither");
    cases.put(
        "[{\"metric\": \"accuracy\", \"minAbsoluteChange\": 0.01, \"minRelativeChange\": 0.1}]",
        "field 'championMargins[0]': expected exactly one of 'minAbsoluteChange' and"
            + " 'minRelativeChange', got both");
    cases.put(
        "[{\"metric\": \"accuracy\", \"minRelativeChange\": 0.01},"
            + " {\"metric\": \"accuracy\", \"minAbsoluteChange\": 0.01}]",
        "field 'championMargins[1].metric': 'accuracy' has a margin already");
    cases.put(
        "[{\"metric\": \"accuracy\", \"minAbsolute\": 0.01}]",
        "unknown field 'championMargins[0].minAbsolute'");
    int i = 0;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      String body =
          "{\"name\": \"bad-margin-"
              + i++
              + "\", \"task\": \"classification\", \"target\": \"quality\", \"binarize\":"
              + " {\"op\": \">=\", \"value\": 6}, \"trainer\": {\"algorithm\": \"logistic\"},"
              + " \"championMargins\": "
              + c.getKey()
              + "}";
      Http.Response r =
          http.post(
              "/v1/models",
              "application/json",
              body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(r.status()).as(c.getKey() + " -> " + r.text()).isEqualTo(400);
      assertThat(r.message()).as(c.getKey()).startsWith(c.getValue());
    }
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
