package dev.keel.engine.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MLflow's run search filter language over HTTP: IN lists, IS NULL, attributes, quoted keys,
 * hostile input.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MlflowSearchFilterTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static final String API = "/api/2.0/mlflow/";

  static String experiment;
  static final Map<String, String> RUNS = new LinkedHashMap<>(); // run name -> id

  final Http http = Http.api(APP);

  /**
   * Three runs: a (alpha 0.1, "my metric" 1, team fraud, FINISHED), b (alpha 0.5, no team), c (no
   * params).
   */
  @BeforeAll
  static void runs() {
    Http http = Http.api(APP);
    experiment =
        http.postJson(API + "experiments/create", Map.of("name", "filters"))
            .json()
            .path("experiment_id")
            .asText();
    for (String name : List.of("a", "b", "c")) {
      RUNS.put(
          name,
          http.postJson(
                  API + "runs/create",
                  Map.of(
                      "experiment_id",
                      experiment,
                      "run_name",
                      name,
                      "user_id",
                      "user-" + name,
                      "start_time",
                      1000 + name.charAt(0)))
              .json()
              .path("run")
              .path("info")
              .path("run_id")
              .asText());
    }
    http.postJson(
        API + "runs/log-batch",
        Map.of(
            "run_id",
            RUNS.get("a"),
            "metrics",
            List.of(
                Map.of("key", "my metric", "value", 1, "timestamp", 1, "step", 0),
                Map.of("key", "rmse", "value", 0.3, "timestamp", 1, "step", 0)),
            "params",
            List.of(
                Map.of("key", "alpha", "value", "0.1"), Map.of("key", "a b", "value", "spaced")),
            "tags",
            List.of(Map.of("key", "team", "value", "fraud"))));
    http.postJson(
        API + "runs/log-batch",
        Map.of(
            "run_id",
            RUNS.get("b"),
            "metrics",
            List.of(Map.of("key", "rmse", "value", 0.7, "timestamp", 1, "step", 0)),
            "params",
            List.of(Map.of("key", "alpha", "value", "0.5"))));
    http.postJson(
        API + "runs/update",
        Map.of("run_id", RUNS.get("a"), "status", "FINISHED", "end_time", 5000));
  }

  @Test
  void inAndNotInOnAttributesParamsAndTags() {
    assertThat(names("attributes.run_id IN ('" + RUNS.get("a") + "', '" + RUNS.get("c") + "')"))
        .containsExactlyInAnyOrder("a", "c");
    assertThat(names("attributes.status IN ('FINISHED', 'FAILED')")).containsExactly("a");
    assertThat(names("attributes.status NOT IN ('FINISHED')")).containsExactlyInAnyOrder("b", "c");
    assertThat(names("attributes.run_name IN ('b','c')")).containsExactlyInAnyOrder("b", "c");
    assertThat(names("params.alpha IN ('0.1', '0.9')")).containsExactly("a");
    // like MLflow, NOT IN on a param matches runs that have the param with another value
    assertThat(names("params.alpha NOT IN ('0.1')")).containsExactly("b");
    assertThat(names("tags.team IN (\"fraud\")")).containsExactly("a");
  }

  @Test
  void isNullAndIsNotNullOnMetricsParamsAndTags() {
    assertThat(names("params.alpha IS NULL")).containsExactly("c");
    assertThat(names("params.alpha IS NOT NULL")).containsExactlyInAnyOrder("a", "b");
    assertThat(names("tags.team IS NULL")).containsExactlyInAnyOrder("b", "c");
    assertThat(names("metrics.rmse is not null AND tags.team is null")).containsExactly("b");
    assertThat(names("attributes.end_time IS NULL")).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void attributeComparisons() {
    assertThat(names("attributes.start_time > " + (1000 + 'a')))
        .containsExactlyInAnyOrder("b", "c");
    assertThat(names("attributes.end_time >= 5000")).containsExactly("a");
    assertThat(names("attributes.user_id = 'user-b'")).containsExactly("b");
    assertThat(names("attributes.run_name LIKE 'a%'")).containsExactly("a");
    assertThat(names("attributes.status = 'RUNNING'")).containsExactlyInAnyOrder("b", "c");
    assertThat(names("attributes.artifact_uri LIKE '%" + RUNS.get("b") + "%'"))
        .containsExactly("b");
  }

  @Test
  void quotedKeysWithBackticksOrDoubleQuotes() {
    assertThat(names("metrics.\"my metric\" = 1")).containsExactly("a");
    assertThat(names("metrics.`my metric` >= 1")).containsExactly("a");
    assertThat(names("params.`a b` = 'spaced'")).containsExactly("a");
    assertThat(names("params.\"a b\" IS NOT NULL AND metrics.rmse < 0.5")).containsExactly("a");
  }

  @Test
  void orderByAMetricPutsRunsWithoutItLastBothWays() {
    assertThat(search(Map.of("order_by", List.of("metrics.rmse ASC"))))
        .containsExactly("a", "b", "c");
    assertThat(search(Map.of("order_by", List.of("metrics.rmse DESC"))))
        .containsExactly("b", "a", "c");
    assertThat(
            search(Map.of("filter", "metrics.rmse > 0", "order_by", List.of("metrics.rmse DESC"))))
        .containsExactly("b", "a");
    assertThat(search(Map.of("order_by", List.of("params.alpha DESC"))))
        .containsExactly("b", "a", "c");
  }

  @Test
  void malformedNewFormsNameThePositionAndToken() {
    Map<String, String> cases =
        Map.of(
            "params.alpha IN '0.1'", "at position 16: expected '(' to open a list",
            "params.alpha IN ('0.1' '0.5')", "expected ',' or ')'",
            "params.alpha IN (0.1)", "a list holds quoted strings",
            "metrics.rmse IN ('1')", "cannot compare metric 'rmse'",
            "tags.team IS MAYBE", "expected NULL or NOT NULL after IS, found 'MAYBE'",
            "attributes.status IS NULL", "is never null",
            "params.alpha NOT LIKE 'x'", "expected a comparison operator",
            "metrics.`my metric = 1", "unterminated `");
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
  }

  @Test
  void sqlMetacharactersInListsKeysAndQuotedKeysAreData() {
    assertThat(names("params.alpha IN (\"0.1' OR '1'='1\", 'x); DROP TABLE tracking_runs; --')"))
        .isEmpty();
    assertThat(names("attributes.run_id NOT IN (\"'\", '\"; DELETE FROM tracking_params; --')"))
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(names("params.`alpha' = '0.1' OR 1=1 --` IS NOT NULL")).isEmpty();
    assertThat(names("tags.\"team); DROP TABLE tracking_tags; --\" IS NULL"))
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(names("metrics.`rmse\" ; SELECT pg_sleep(10) ; --` IS NULL")).hasSize(3);
    // everything is still there
    assertThat(names("params.alpha IN ('0.1')")).containsExactly("a");
    assertThat(names("tags.team = 'fraud'")).containsExactly("a");
  }

  private List<String> names(String filter) {
    return search(Map.of("filter", filter));
  }

  private List<String> search(Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>(extra);
    body.put("experiment_ids", List.of(experiment));
    Http.Response r = http.postJson(API + "runs/search", body);
    assertThat(r.status()).as(extra + " -> " + r.text()).isEqualTo(200);
    return r.json().path("runs").findValuesAsText("run_name");
  }
}
