package dev.keel.engine.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RegistryActivitiesImpl;
import dev.keel.engine.runs.RunStatus;
import dev.keel.engine.runs.TrackingActivitiesImpl;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.TrialRecord;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every pipeline run is an MLflow tracking run, read back through Keel's MLflow API. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PipelineTrackingTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static final String API = "/api/2.0/mlflow/";
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

  static Map<String, Object> model(String name, String target) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", target);
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put(
        "trainer",
        Map.of("algorithm", "logistic", "params", Map.of("epochs", 5, "learningRate", 0.05)));
    return d;
  }

  static JsonNode train(String model) {
    Http.Response started =
        http.postJson("/v1/models/" + model + "/runs", Map.of("dataset", "red"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    assertThat(started.json().path("trackingRunId").asText()).matches("[0-9a-f]{32}");
    return http.await(
            "/v1/runs/" + started.json().path("id").asText(),
            r -> !RunStatus.inFlight(r.json().path("status").asText()),
            Duration.ofSeconds(120))
        .json();
  }

  static JsonNode trackingRun(String id) {
    Http.Response r = http.get(API + "runs/get?run_id=" + id);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().path("run");
  }

  static Map<String, String> pairs(JsonNode list) {
    Map<String, String> out = new HashMap<>();
    list.forEach(kv -> out.put(kv.path("key").asText(), kv.path("value").asText()));
    return out;
  }

  @Test
  void aPipelineRunIsATrackingRunInItsModelsExperiment() {
    assertThat(http.postJson("/v1/models", model("red-tracked", "quality")).status())
        .isEqualTo(201);

    JsonNode first = train("red-tracked");
    JsonNode second = train("red-tracked");

    assertThat(first.path("status").asText()).isEqualTo("SUCCEEDED");
    String trackingId = first.path("trackingRunId").asText();
    JsonNode run = trackingRun(trackingId);
    JsonNode info = run.path("info");
    assertThat(info.path("status").asText()).isEqualTo("FINISHED");
    assertThat(info.path("run_name").asText()).isEqualTo(first.path("id").asText());
    assertThat(info.path("user_id").asText()).isEqualTo("keel");
    assertThat(info.path("end_time").asLong())
        .isGreaterThanOrEqualTo(info.path("start_time").asLong());

    Map<String, String> params = pairs(run.path("data").path("params"));
    String version =
        http.get("/v1/datasets/red/versions")
            .json()
            .path("versions")
            .get(0)
            .path("version")
            .asText();
    assertThat(params)
        .containsEntry("algorithm", "logistic")
        .containsEntry("epochs", "5")
        .containsEntry("learningRate", "0.05")
        .containsEntry("seed", "42")
        .containsEntry("holdoutFraction", "0.2")
        .containsEntry("dataset", "red")
        .containsEntry("dataset_version", version);
    Map<String, String> tags = pairs(run.path("data").path("tags"));
    assertThat(tags)
        .containsEntry("keel.run_id", first.path("id").asText())
        .containsEntry("keel.model", "red-tracked")
        .containsEntry("keel.model_version", "1")
        .containsEntry("keel.dataset", "red@" + version)
        .containsEntry("keel.status", "SUCCEEDED")
        .containsEntry("mlflow.runName", first.path("id").asText())
        .containsEntry("mlflow.user", "keel");
    Map<String, Double> metrics = new HashMap<>();
    run.path("data")
        .path("metrics")
        .forEach(m -> metrics.put(m.path("key").asText(), m.path("value").asDouble()));
    assertThat(metrics)
        .containsEntry("accuracy", first.path("metrics").path("accuracy").asDouble())
        .containsKeys("macroF1", "logLoss", "rocAuc");

    // the second run is compared with the first version, the champion
    Map<String, String> secondTags =
        pairs(trackingRun(second.path("trackingRunId").asText()).path("data").path("tags"));
    assertThat(secondTags).containsEntry("keel.model_version", "2");
    assertThat(
            trackingRun(second.path("trackingRunId").asText())
                .path("data")
                .path("metrics")
                .findValuesAsText("key"))
        .contains("champion.accuracy", "champion.rocAuc");

    // one experiment per model, named after it, holding both runs
    JsonNode experiment =
        http.get(API + "experiments/get-by-name?experiment_name=red-tracked")
            .json()
            .path("experiment");
    assertThat(info.path("experiment_id").asText())
        .isEqualTo(experiment.path("experiment_id").asText());
    JsonNode found =
        http.postJson(
                API + "runs/search",
                Map.of(
                    "experiment_ids",
                    List.of(experiment.path("experiment_id").asText()),
                    "filter",
                    "tags.keel.model = 'red-tracked'"))
            .json();
    assertThat(found.path("runs").findValuesAsText("run_id"))
        .containsExactlyInAnyOrder(trackingId, second.path("trackingRunId").asText());

    // the registered version points at its tracking run
    String linked =
        APP.<KeelApplication>getApplication()
            .wired()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT v.tracking_run_id FROM model_versions v JOIN models m ON m.id = v.model_id "
                                + "WHERE m.name = 'red-tracked' AND v.version = 1")
                        .mapTo(String.class)
                        .one());
    assertThat(linked).isEqualTo(trackingId);
  }

  @Test
  void aFailedRunIsAFailedTrackingRunWithTheReason() {
    assertThat(http.postJson("/v1/models", model("red-broken", "sweetness")).status())
        .isEqualTo(201);

    JsonNode failed = train("red-broken");

    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    JsonNode run = trackingRun(failed.path("trackingRunId").asText());
    assertThat(run.path("info").path("status").asText()).isEqualTo("FAILED");
    assertThat(run.path("info").path("end_time").asLong()).isPositive();
    Map<String, String> tags = pairs(run.path("data").path("tags"));
    assertThat(tags).containsEntry("keel.status", "FAILED");
    assertThat(tags.get("keel.error"))
        .isEqualTo(failed.path("error").asText())
        .contains("sweetness");
    assertThat(tags).doesNotContainKey("keel.model_version");
    assertThat(run.path("data").path("metrics").size()).isZero();
  }

  @Test
  void retriedActivitiesWriteTheTrackingRecordsOnce() {
    assertThat(http.postJson("/v1/models", model("red-retried", "quality")).status())
        .isEqualTo(201);
    JsonNode run = train("red-retried");
    String runId = run.path("id").asText();
    KeelApplication.Wired wired = APP.<KeelApplication>getApplication().wired();
    TrialRecord trial =
        new TrialRecord(
            runId,
            "red-retried",
            1,
            "logistic",
            Map.of("epochs", "7"),
            TrialRecord.FINISHED,
            Map.of("accuracy", 0.71),
            null,
            1_000,
            2_000);

    TrackingActivitiesImpl tracking = new TrackingActivitiesImpl(wired.jdbi());
    tracking.recordTrial(trial);
    tracking.recordTrial(
        new TrialRecord(
            runId,
            "red-retried",
            1,
            "logistic",
            Map.of("epochs", "7"),
            TrialRecord.FINISHED,
            Map.of("accuracy", 0.71),
            null,
            1_000,
            3_000));
    // the outcome recorded again (an activity retry after its transaction committed)
    RunOutcome again =
        new RunOutcome(
            runId,
            "red-retried",
            RunOutcome.SUCCEEDED,
            List.of(),
            Map.of("accuracy", 0.5),
            null,
            List.of(),
            null,
            null);
    new RegistryActivitiesImpl(
            wired.jdbi(),
            new dev.keel.engine.metrics.KeelMetrics(new io.prometheus.client.CollectorRegistry()))
        .recordOutcome(again);

    String trialId = PipelineTracking.trialRunIdOf(runId, 1);
    JsonNode history =
        http.get(API + "metrics/get-history?run_id=" + trialId + "&metric_key=accuracy").json();
    assertThat(history.path("metrics")).hasSize(1);
    assertThat(trackingRun(trialId).path("info").path("end_time").asLong()).isEqualTo(2_000);
    assertThat(pairs(trackingRun(trialId).path("data").path("tags")))
        .containsEntry("mlflow.parentRunId", run.path("trackingRunId").asText());
    JsonNode parentHistory =
        http.get(
                API
                    + "metrics/get-history?run_id="
                    + run.path("trackingRunId").asText()
                    + "&metric_key=accuracy")
            .json();
    assertThat(parentHistory.path("metrics")).hasSize(1);
    assertThat(parentHistory.path("metrics").get(0).path("value").asDouble())
        .isEqualTo(run.path("metrics").path("accuracy").asDouble());
  }
}
