package dev.keel.engine.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tracking API's errors over raw HTTP: MLflow's codes, statuses and body shape, and hostile
 * input.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MlflowErrorsApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static final String API = "/api/2.0/mlflow/";

  final Http http = Http.api(APP);

  @Test
  void unknownRunAndExperimentAre404ResourceDoesNotExist() {
    Http.Response run = http.get(API + "runs/get?run_id=nope");
    assertThat(run.status()).isEqualTo(404);
    assertThat(run.json().path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(run.message()).contains("nope");
    assertThat(run.json().has("code")).isFalse();

    Http.Response metric =
        http.postJson(API + "runs/log-metric", Map.of("run_id", "nope", "key", "m", "value", 1));
    assertThat(metric.status()).isEqualTo(404);
    assertThat(metric.json().path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");

    Http.Response experiment = http.get(API + "experiments/get?experiment_id=424242");
    assertThat(experiment.status()).isEqualTo(404);
    assertThat(experiment.json().path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void malformedJsonAndUnknownEndpointsUseMlflowsShapeToo() {
    Http.Response bad = http.postJson(API + "experiments/create", "{\"name\": ");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(bad.message()).contains("malformed JSON");

    Http.Response missing = http.get(API + "no-such/endpoint");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");

    // Keel's own API keeps its own shape
    assertThat(http.get("/v1/runs/nope").json().has("code")).isTrue();
  }

  @Test
  void duplicateExperimentNameIsResourceAlreadyExists() {
    assertThat(http.postJson(API + "experiments/create", Map.of("name", "dup")).status())
        .isEqualTo(200);
    // the very same request again is a client retry (see MlflowRetriesAndLifecycleTest); this one
    // differs
    Http.Response again =
        http.postJson(
            API + "experiments/create",
            Map.of("name", "dup", "artifact_location", "file:/elsewhere"));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().path("error_code").asText()).isEqualTo("RESOURCE_ALREADY_EXISTS");
    assertThat(again.message()).contains("dup");
  }

  @Test
  void logBatchOverItsLimitsIsRefusedNamingTheLimitAndLogsNothing() {
    String runId = newRun("limits");
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      metrics.add(Map.of("key", "m" + i, "value", i, "timestamp", 1, "step", 0));
    }
    Http.Response tooMany =
        http.postJson(API + "runs/log-batch", Map.of("run_id", runId, "metrics", metrics));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(tooMany.message()).contains("1000 metrics");

    List<Map<String, Object>> params = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      params.add(Map.of("key", "p" + i, "value", "v"));
    }
    Http.Response tooManyParams =
        http.postJson(API + "runs/log-batch", Map.of("run_id", runId, "params", params));
    assertThat(tooManyParams.message()).contains("100 params");

    List<Map<String, Object>> mixed = new ArrayList<>(metrics.subList(0, 950));
    Http.Response tooManyItems =
        http.postJson(
            API + "runs/log-batch",
            Map.of("run_id", runId, "metrics", mixed, "params", params.subList(0, 60)));
    assertThat(tooManyItems.status()).isEqualTo(400);
    assertThat(tooManyItems.message()).contains("1000 metrics, params and tags in total");

    Http.Response longParam =
        http.postJson(
            API + "runs/log-batch",
            Map.of(
                "run_id",
                runId,
                "params",
                List.of(Map.of("key", "big", "value", "x".repeat(6001)))));
    assertThat(longParam.status()).isEqualTo(400);
    assertThat(longParam.message()).contains("6000");

    Http.Response longTag =
        http.postJson(
            API + "runs/log-batch",
            Map.of(
                "run_id", runId, "tags", List.of(Map.of("key", "big", "value", "x".repeat(5001)))));
    assertThat(longTag.status()).isEqualTo(400);
    assertThat(longTag.message()).contains("5000");

    // a conflicting param rolls the whole batch back
    http.postJson(
        API + "runs/log-parameter", Map.of("run_id", runId, "key", "alpha", "value", "1"));
    Http.Response changed =
        http.postJson(
            API + "runs/log-batch",
            Map.of(
                "run_id",
                runId,
                "metrics",
                List.of(Map.of("key", "late", "value", 1)),
                "params",
                List.of(Map.of("key", "alpha", "value", "2"))));
    assertThat(changed.status()).isEqualTo(400);
    assertThat(changed.json().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");

    JsonNode data = http.get(API + "runs/get?run_id=" + runId).json().path("run").path("data");
    assertThat(data.path("metrics")).isEmpty();
    assertThat(data.path("params")).hasSize(1);
    assertThat(data.path("params").get(0).path("value").asText()).isEqualTo("1");
  }

  @Test
  void malformedFiltersAreInvalidParameterValueNamingTheProblem() {
    String experiment =
        http.postJson(API + "experiments/create", Map.of("name", "filters"))
            .json()
            .path("experiment_id")
            .asText();
    Map<String, String> cases =
        Map.of(
            "metrics.rmse <", "expected a value",
            "metrics.rmse ~ 1", "expected a comparison operator",
            "metrics.rmse < 'x'", "compared with a number",
            "params.a > 'x'", "cannot compare",
            "bogus.a = 'x'", "unknown entity 'bogus'",
            "password = 'x'", "unknown attribute 'password'",
            "metrics.rmse < 1 OR metrics.rmse > 2", "expected AND",
            "params.a = 'unterminated", "unterminated");
    cases.forEach(
        (filter, problem) -> {
          Http.Response r =
              http.postJson(
                  API + "runs/search",
                  Map.of("experiment_ids", List.of(experiment), "filter", filter));
          assertThat(r.status()).as(filter).isEqualTo(400);
          assertThat(r.json().path("error_code").asText())
              .as(filter)
              .isEqualTo("INVALID_PARAMETER_VALUE");
          assertThat(r.message()).as(filter).contains(problem);
        });
    Http.Response order =
        http.postJson(
            API + "runs/search",
            Map.of(
                "experiment_ids",
                List.of(experiment),
                "order_by",
                List.of("attributes.password; DROP TABLE tracking_runs")));
    assertThat(order.status()).isEqualTo(400);
    assertThat(order.message()).contains("order_by");
  }

  @Test
  void sqlMetacharactersInFilterValuesAndNamesAreData() {
    String hostile = "x'; DROP TABLE tracking_runs; --";
    String created =
        http.postJson(API + "experiments/create", Map.of("name", hostile))
            .json()
            .path("experiment_id")
            .asText();
    assertThat(
            http.get(
                    API
                        + "experiments/get-by-name?experiment_name="
                        + URLEncoder.encode(hostile, StandardCharsets.UTF_8))
                .json()
                .path("experiment")
                .path("name")
                .asText())
        .isEqualTo(hostile);

    String runId =
        http.postJson(
                API + "runs/create",
                Map.of(
                    "experiment_id",
                    created,
                    "run_name",
                    hostile,
                    "tags",
                    List.of(Map.of("key", "note", "value", hostile))))
            .json()
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    http.postJson(
        API + "runs/log-parameter", Map.of("run_id", runId, "key", "q", "value", "a' OR '1'='1"));

    Http.Response injected =
        http.postJson(
            API + "runs/search",
            Map.of("experiment_ids", List.of(created), "filter", "params.q = \"x' OR '1'='1\""));
    assertThat(injected.status()).isEqualTo(200);
    assertThat(injected.json().path("runs").size()).isZero();

    Http.Response exact =
        http.postJson(
            API + "runs/search",
            Map.of(
                "experiment_ids",
                List.of(created),
                "filter",
                "tags.note = \"" + hostile + "\" AND params.q = \"a' OR '1'='1\""));
    assertThat(exact.json().path("runs")).hasSize(1);
    assertThat(exact.json().path("runs").get(0).path("info").path("run_name").asText())
        .isEqualTo(hostile);

    Http.Response byKey =
        http.postJson(
            API + "runs/search",
            Map.of(
                "experiment_ids",
                List.of(created),
                "filter",
                "tags.`note'; DELETE FROM tracking_tags; --` = 'x'"));
    assertThat(byKey.status()).isEqualTo(200);
    assertThat(byKey.json().path("runs").size()).isZero();

    // the tables are intact and the run still has its tag
    JsonNode run = http.get(API + "runs/get?run_id=" + runId).json().path("run");
    assertThat(run.path("data").path("tags").findValuesAsText("key")).contains("note");
    assertThat(
            http.get(API + "experiments/get?experiment_id=0")
                .json()
                .path("experiment")
                .path("name")
                .asText())
        .isEqualTo("Default");
  }

  private String newRun(String experimentName) {
    String experiment =
        http.postJson(API + "experiments/create", Map.of("name", experimentName))
            .json()
            .path("experiment_id")
            .asText();
    return http.postJson(API + "runs/create", Map.of("experiment_id", experiment))
        .json()
        .path("run")
        .path("info")
        .path("run_id")
        .asText();
  }
}
