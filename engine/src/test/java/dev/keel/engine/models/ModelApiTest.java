package dev.keel.engine.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /v1/models}: registration, idempotency, conflicts and every refused definition, over HTTP.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ModelApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();

  final Http http = Http.api(APP);

  static Map<String, Object> definition(String name) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", "quality");
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put("trainer", Map.of("algorithm", "logistic", "params", Map.of("epochs", 10)));
    d.put("gates", List.of(Map.of("metric", "accuracy", "op", ">=", "value", 0.7)));
    return d;
  }

  @Test
  void registersAModelWithDefaultsAndReadsItBack() {
    Http.Response created = http.postJson("/v1/models", definition("wine-good"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("definition").path("seed").asLong()).isEqualTo(42);
    assertThat(created.json().path("definition").path("holdoutFraction").asDouble()).isEqualTo(0.2);
    assertThat(created.json().path("definition").path("pipeline").asText())
        .isEqualTo("TrainingPipeline");
    assertThat(created.json().path("champion").isNull()).isTrue();
    assertThat(created.json().path("versions").asInt()).isZero();

    assertThat(http.postJson("/v1/models", definition("wine-good")).status()).isEqualTo(200);
    Map<String, Object> different = definition("wine-good");
    different.put("target", "alcohol");
    Http.Response conflict = http.postJson("/v1/models", different);
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.message()).contains("model 'wine-good' already exists");

    Http.Response one = http.get("/v1/models/wine-good");
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().path("definition").path("binarize").path("value").asDouble())
        .isEqualTo(6);
    assertThat(http.get("/v1/models").json().path("models").findValuesAsText("name"))
        .contains("wine-good");
    assertThat(http.get("/v1/models/unknown").status()).isEqualTo(404);
    assertThat(http.get("/v1/models/unknown/versions").status()).isEqualTo(404);
    assertThat(http.get("/v1/models/wine-good/versions/x").status()).isEqualTo(400);
    assertThat(http.get("/v1/models/wine-good/versions/7").message()).contains("has no version 7");
  }

  @Test
  void refusesBadDefinitionsNamingTheField() {
    assertRefused(with("task", "clustering"), "field 'task'");
    assertRefused(with("target", null), "field 'target' is required");
    assertRefused(
        with("trainer", Map.of("algorithm", "deep-magic")),
        "'deep-magic' is not a classification algorithm");
    assertRefused(
        with("trainer", Map.of("algorithm", "logistic", "params", Map.of("epochs", List.of(1)))),
        "trainer.params.epochs");
    assertRefused(
        with("gates", List.of(Map.of("metric", "rmse", "op", "<=", "value", 1))),
        "field 'gates[0].metric': 'rmse' is not a classification metric");
    assertRefused(
        with("gates", List.of(Map.of("metric", "accuracy", "op", "=>", "value", 1))),
        "field 'gates[0].op': unknown operator '=>'");
    assertRefused(with("binarize", Map.of("op", "~", "value", 6)), "field 'binarize.op'");
    assertRefused(with("holdoutFraction", 1.5), "field 'holdoutFraction'");
    assertRefused(with("name", "has space"), "model name 'has space' is invalid");
    assertRefused(
        with("schema", List.of(Map.of("name", "a", "type", "text"))), "field 'schema[0]'");
    Http.Response wrongType =
        http.postJson(
            "/v1/models",
            "{\"name\": \"m\", \"task\": \"regression\", "
                + "\"target\": \"y\", \"trainer\": {\"algorithm\": \"linear\"}, \"seed\": \"soon\"}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.message()).contains("seed");
    assertThat(http.get("/v1/models").json().path("models").findValuesAsText("name"))
        .doesNotContain("m");
  }

  private Map<String, Object> with(String field, Object value) {
    Map<String, Object> d = definition("bad-model");
    d.put(field, value);
    return d;
  }

  private void assertRefused(Map<String, Object> definition, String message) {
    Http.Response r = http.postJson("/v1/models", definition);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.message()).contains(message);
    assertThat(http.get("/v1/models/bad-model").status()).isEqualTo(404);
  }
}
