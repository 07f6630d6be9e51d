package dev.keel.engine.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What MLflow clients rely on when they retry calls whose answers were lost, and experiment
 * delete/restore taking the experiment's runs along, over HTTP.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MlflowRetriesAndLifecycleTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static final String API = "/api/2.0/mlflow/";

  final Http http = Http.api(APP);

  @Test
  void aRetriedRunCreateReturnsTheFirstRunAndADifferentRequestMakesANewOne() {
    String experiment = experiment("retried-runs");
    Map<String, Object> request =
        Map.of(
            "experiment_id",
            experiment,
            "start_time",
            1_700_000_000_123L,
            "run_name",
            "nightly",
            "user_id",
            "ana",
            "tags",
            List.of(
                Map.of("key", "team", "value", "fraud"), Map.of("key", "git", "value", "abc123")));
    JsonNode first = http.postJson(API + "runs/create", request).json().path("run");
    // the retry lists the same tags in another order: it is still the same request
    Map<String, Object> retry =
        Map.of(
            "experiment_id",
            experiment,
            "start_time",
            1_700_000_000_123L,
            "run_name",
            "nightly",
            "user_id",
            "ana",
            "tags",
            List.of(
                Map.of("key", "git", "value", "abc123"), Map.of("key", "team", "value", "fraud")));
    Http.Response again = http.postJson(API + "runs/create", retry);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("run").path("info").path("run_id").asText())
        .isEqualTo(first.path("info").path("run_id").asText());
    assertThat(again.json().path("run").path("data").path("tags").findValuesAsText("key"))
        .containsExactlyInAnyOrderElementsOf(
            first.path("data").path("tags").findValuesAsText("key"));

    Http.Response later =
        http.postJson(
            API + "runs/create",
            Map.of(
                "experiment_id",
                experiment,
                "start_time",
                1_700_000_000_124L,
                "run_name",
                "nightly",
                "user_id",
                "ana"));
    assertThat(later.json().path("run").path("info").path("run_id").asText())
        .isNotEqualTo(first.path("info").path("run_id").asText());
    assertThat(search(experiment, null, "ACTIVE_ONLY")).hasSize(2);
  }

  @Test
  void retriesRacingTheFirstAttemptStillMakeOneRun() throws Exception {
    String experiment = experiment("racing-retries");
    Map<String, Object> request =
        Map.of("experiment_id", experiment, "start_time", 1_700_000_000_999L, "run_name", "raced");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        ids.add(
            pool.submit(
                () ->
                    http.postJson(API + "runs/create", request)
                        .json()
                        .path("run")
                        .path("info")
                        .path("run_id")
                        .asText()));
      }
      Set<String> distinct = new HashSet<>();
      for (Future<String> id : ids) {
        distinct.add(id.get());
      }
      assertThat(distinct).hasSize(1).doesNotContain("");
    } finally {
      pool.shutdown();
    }
    assertThat(search(experiment, null, null)).hasSize(1);
  }

  @Test
  void createsWithoutAStartTimeAreNeverTakenForRetries() {
    String experiment = experiment("no-start-time");
    http.postJson(API + "runs/create", Map.of("experiment_id", experiment, "run_name", "same"));
    http.postJson(API + "runs/create", Map.of("experiment_id", experiment, "run_name", "same"));
    assertThat(search(experiment, null, null)).hasSize(2);
  }

  @Test
  void aRetriedExperimentCreateReturnsTheSameIdButAnotherRequestForTheNameIsRefused() {
    Map<String, Object> request =
        Map.of(
            "name",
            "retried-experiment",
            "artifact_location",
            "s3://bucket/x",
            "tags",
            List.of(Map.of("key", "owner", "value", "ana")));
    String id =
        http.postJson(API + "experiments/create", request).json().path("experiment_id").asText();
    Http.Response retry = http.postJson(API + "experiments/create", request);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json().path("experiment_id").asText()).isEqualTo(id);

    Http.Response otherLocation =
        http.postJson(
            API + "experiments/create",
            Map.of(
                "name",
                "retried-experiment",
                "artifact_location",
                "s3://bucket/y",
                "tags",
                List.of(Map.of("key", "owner", "value", "ana"))));
    assertThat(otherLocation.status()).isEqualTo(400);
    assertThat(otherLocation.json().path("error_code").asText())
        .isEqualTo("RESOURCE_ALREADY_EXISTS");
    Http.Response otherTags =
        http.postJson(
            API + "experiments/create",
            Map.of("name", "retried-experiment", "artifact_location", "s3://bucket/x"));
    assertThat(otherTags.json().path("error_code").asText()).isEqualTo("RESOURCE_ALREADY_EXISTS");
  }

  @Test
  void retriedLogCallsAreHarmlessButAParamNeverChangesValue() {
    String experiment = experiment("retried-logs");
    String run =
        http.postJson(API + "runs/create", Map.of("experiment_id", experiment))
            .json()
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    Map<String, Object> metric =
        Map.of("run_id", run, "key", "loss", "value", 0.5, "timestamp", 10, "step", 1);
    Map<String, Object> batch =
        Map.of(
            "run_id",
            run,
            "metrics",
            List.of(Map.of("key", "acc", "value", 0.9, "timestamp", 10, "step", 1)),
            "params",
            List.of(Map.of("key", "alpha", "value", "0.1")),
            "tags",
            List.of(Map.of("key", "t", "value", "v")));
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThat(http.postJson(API + "runs/log-metric", metric).status()).isEqualTo(200);
      assertThat(http.postJson(API + "runs/log-batch", batch).status()).isEqualTo(200);
      assertThat(
              http.postJson(
                      API + "runs/log-parameter",
                      Map.of("run_id", run, "key", "alpha", "value", "0.1"))
                  .status())
          .isEqualTo(200);
    }
    assertThat(
            http.get(API + "metrics/get-history?run_id=" + run + "&metric_key=loss")
                .json()
                .path("metrics"))
        .hasSize(1);
    JsonNode data = http.get(API + "runs/get?run_id=" + run).json().path("run").path("data");
    assertThat(data.path("params")).hasSize(1);
    assertThat(data.path("metrics").findValuesAsText("key")).containsExactly("acc", "loss");

    Http.Response changed =
        http.postJson(
            API + "runs/log-batch",
            Map.of(
                "run_id",
                run,
                "metrics",
                List.of(Map.of("key", "acc", "value", 0.1, "timestamp", 11, "step", 2)),
                "params",
                List.of(Map.of("key", "alpha", "value", "0.2"))));
    assertThat(changed.status()).isEqualTo(400);
    assertThat(changed.json().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(changed.message()).contains("alpha").contains("0.1").contains("0.2");
    // nothing of the refused batch was written
    assertThat(
            http.get(API + "metrics/get-history?run_id=" + run + "&metric_key=acc")
                .json()
                .path("metrics"))
        .hasSize(1);
  }

  @Test
  void latestMetricIsTheHighestStepEvenWhenOneBatchCarriesSeveralPoints() {
    String experiment = experiment("latest-metric");
    String run =
        http.postJson(API + "runs/create", Map.of("experiment_id", experiment))
            .json()
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    List<Map<String, Object>> points = new ArrayList<>();
    for (int step = 0; step < 5; step++) {
      points.add(
          Map.of("key", "loss", "value", 1.0 / (step + 1), "timestamp", 100 + step, "step", step));
    }
    java.util.Collections.reverse(points);
    http.postJson(API + "runs/log-batch", Map.of("run_id", run, "metrics", points));
    http.postJson(
        API + "runs/log-metric",
        Map.of("run_id", run, "key", "loss", "value", 9, "timestamp", 1, "step", 0));
    JsonNode latest =
        http.get(API + "runs/get?run_id=" + run)
            .json()
            .path("run")
            .path("data")
            .path("metrics")
            .get(0);
    assertThat(latest.path("step").asLong()).isEqualTo(4);
    assertThat(latest.path("value").asDouble()).isEqualTo(0.2);
    assertThat(
            http.get(API + "metrics/get-history?run_id=" + run + "&metric_key=loss")
                .json()
                .path("metrics"))
        .hasSize(6);
  }

  @Test
  void deletingAnExperimentDeletesItsRunsAndRestoringBringsThemBack() {
    String experiment = experiment("cascade");
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(
          http.postJson(
                  API + "runs/create", Map.of("experiment_id", experiment, "run_name", "r" + i))
              .json()
              .path("run")
              .path("info")
              .path("run_id")
              .asText());
    }
    String other = experiment("cascade-bystander");
    http.postJson(API + "runs/create", Map.of("experiment_id", other));

    assertThat(
            http.postJson(API + "experiments/delete", Map.of("experiment_id", experiment)).status())
        .isEqualTo(200);
    assertThat(search(experiment, null, null)).isEmpty();
    assertThat(search(experiment, null, "ACTIVE_ONLY")).isEmpty();
    assertThat(search(experiment, null, "DELETED_ONLY")).hasSize(3);
    assertThat(search(experiment, null, "ALL")).hasSize(3);
    assertThat(
            http.get(API + "runs/get?run_id=" + runs.get(0))
                .json()
                .path("run")
                .path("info")
                .path("lifecycle_stage")
                .asText())
        .isEqualTo("deleted");
    assertThat(search(other, null, null)).hasSize(1);
    // a deleted experiment takes no new runs, and a deleted run no more data
    Http.Response intoDeleted =
        http.postJson(API + "runs/create", Map.of("experiment_id", experiment));
    assertThat(intoDeleted.status()).isEqualTo(400);
    assertThat(intoDeleted.message()).contains("active");
    assertThat(http.postJson(API + "runs/create", Map.of("experiment_id", "987654")).status())
        .isEqualTo(404);
    assertThat(
            http.postJson(
                    API + "runs/log-metric", Map.of("run_id", runs.get(0), "key", "m", "value", 1))
                .status())
        .isEqualTo(400);

    assertThat(
            http.postJson(API + "experiments/restore", Map.of("experiment_id", experiment))
                .status())
        .isEqualTo(200);
    assertThat(search(experiment, null, null)).hasSize(3);
    assertThat(search(experiment, null, "DELETED_ONLY")).isEmpty();
    assertThat(
            http.postJson(
                    API + "runs/log-metric", Map.of("run_id", runs.get(0), "key", "m", "value", 1))
                .status())
        .isEqualTo(200);
  }

  @Test
  void aDeletedRunLeavesTheDefaultSearchAndTheViewTypesSelectIt() {
    String experiment = experiment("run-views");
    String kept =
        http.postJson(API + "runs/create", Map.of("experiment_id", experiment))
            .json()
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    String gone =
        http.postJson(API + "runs/create", Map.of("experiment_id", experiment))
            .json()
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    http.postJson(API + "runs/delete", Map.of("run_id", gone));
    assertThat(search(experiment, null, null)).containsExactly(kept);
    assertThat(search(experiment, null, "DELETED_ONLY")).containsExactly(gone);
    assertThat(search(experiment, null, "ALL")).containsExactlyInAnyOrder(kept, gone);
    Http.Response bad =
        http.postJson(
            API + "runs/search",
            Map.of("experiment_ids", List.of(experiment), "run_view_type", "SOME"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).contains("ACTIVE_ONLY");
  }

  private String experiment(String name) {
    return http.postJson(API + "experiments/create", Map.of("name", name))
        .json()
        .path("experiment_id")
        .asText();
  }

  private List<String> search(String experiment, String filter, String viewType) {
    Map<String, Object> body =
        new java.util.HashMap<>(Map.of("experiment_ids", List.of(experiment)));
    if (filter != null) {
      body.put("filter", filter);
    }
    if (viewType != null) {
      body.put("run_view_type", viewType);
    }
    Http.Response r = http.postJson(API + "runs/search", body);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().path("runs").findValuesAsText("run_id");
  }
}
