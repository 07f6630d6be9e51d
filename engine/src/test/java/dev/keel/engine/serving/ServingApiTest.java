package dev.keel.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Serving through the HTTP API on models trained from the red wine data: deployments and rollbacks,
 * predictions and their validation, the prediction log, feedback and live quality, and a second
 * engine on the same database.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ServingApiTest {

  static final String DB = TestStack.get().newDatabase();
  static final String ARTIFACTS = tempDir();
  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app(DB, ARTIFACTS);

  static Http http;
  static List<Map<String, Object>> red;

  static String tempDir() {
    try {
      return Files.createTempDirectory("keel-serving-artifacts").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void trainModels() throws IOException {
    http = Http.api(APP);
    red = readRed();
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
    for (String model : List.of("wine", "wine-rb")) {
      assertThat(http.postJson("/v1/models", classifier(model, 0.7)).status()).isEqualTo(201);
    }
    assertThat(http.postJson("/v1/models", classifier("hopeless", 0.99)).status()).isEqualTo(201);
    // twice each: versions 1 and 2 (the same deterministic model, so the second passes the champion
    // comparison)
    train(List.of("wine", "wine-rb", "hopeless"));
    train(List.of("wine", "wine-rb"));
    assertThat(http.get("/v1/models/wine/versions/2").json().path("status").asText())
        .isEqualTo("PASSED");
    assertThat(http.get("/v1/models/hopeless/versions/1").json().path("status").asText())
        .isEqualTo("REJECTED");
    // registered only, so not servable until a person approves: not the admin, who trained them
    Http.Response unapproved = deploy("wine", 1, "alice");
    assertThat(unapproved.status()).isEqualTo(409);
    assertThat(unapproved.message()).contains("only an approved version can");
    Http.Response own =
        http.postJson("/v1/models/wine/versions/1/approval", Map.of("decision", "approve"));
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.message()).contains("separation of duties");
    Http approver = http.user("petra", "approver");
    for (String model : List.of("wine", "wine-rb")) {
      for (int v = 1; v <= 2; v++) {
        Http.Response approved =
            approver.postJson(
                "/v1/models/" + model + "/versions/" + v + "/approval",
                Map.of("decision", "approve", "comment", "reviewed"));
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.json().path("status").asText()).isEqualTo("APPROVED");
      }
    }
    assertThat(
            approver
                .postJson("/v1/models/wine/versions/1/approval", Map.of("decision", "approve"))
                .status())
        .as("decided once")
        .isEqualTo(409);
    assertThat(
            approver
                .postJson("/v1/models/hopeless/versions/1/approval", Map.of("decision", "approve"))
                .status())
        .as("failed its gates")
        .isEqualTo(409);
  }

  static Map<String, Object> classifier(String name, double minAccuracy) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", "quality");
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put("trainer", Map.of("algorithm", "logistic"));
    d.put("gates", List.of(Map.of("metric", "accuracy", "op", ">=", "value", minAccuracy)));
    // register only: these tests deploy by hand
    d.put("release", Map.of("approval", "none"));
    return d;
  }

  static void train(List<String> models) {
    List<String> ids = new ArrayList<>();
    for (String model : models) {
      Http.Response started =
          http.postJson("/v1/models/" + model + "/runs", Map.of("dataset", "red"));
      assertThat(started.status()).as(started.text()).isEqualTo(202);
      ids.add(started.json().path("id").asText());
    }
    for (String id : ids) {
      JsonNode run =
          http.await(
                  "/v1/runs/" + id,
                  r -> !RunStatus.inFlight(r.json().path("status").asText()),
                  Duration.ofSeconds(120))
              .json();
      assertThat(run.path("status").asText()).as(run.toString()).isIn("SUCCEEDED", "REJECTED");
    }
  }

  static List<Map<String, Object>> readRed() throws IOException {
    List<String> lines = Files.readAllLines(SharedData.redWine());
    String[] header = lines.get(0).split(",");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : lines.subList(1, 201)) {
      String[] cells = line.split(",");
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        if (!header[i].equals("quality")) {
          row.put(header[i], Double.parseDouble(cells[i]));
        }
      }
      rows.add(row);
    }
    return rows;
  }

  static Map<String, Object> body(List<Map<String, Object>> instances) {
    return Map.of("instances", instances);
  }

  static final Map<String, Http> SERVING = new java.util.concurrent.ConcurrentHashMap<>();
  static final Map<String, Http> OPERATORS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The API with a serving token of {@code model}, made once. */
  static Http serving(String model) {
    return SERVING.computeIfAbsent(model, m -> http.serving(m));
  }

  /** The API as an operator called {@code name}, made once. */
  static Http operator(String name) {
    return OPERATORS.computeIfAbsent(name, n -> http.user(n, "operator"));
  }

  static Http.Response predict(Http client, String model, List<Map<String, Object>> instances) {
    return serving(model).postJson("/v1/models/" + model + "/predict", body(instances));
  }

  static Http.Response deploy(String model, int version, String user) {
    return operator(user).postJson("/v1/models/" + model + "/deploy", Map.of("version", version));
  }

  static Jdbi jdbi() {
    return APP.<KeelApplication>getApplication().wired().jdbi();
  }

  @Test
  void deployedVersionAnswersWithLabelsProbabilitiesAndLoggedPredictionIds() {
    // the champion of a fresh model is not served before a deployment
    http.postJson("/v1/models", classifier("undeployed", 0.5));
    Http.Response none = predict(http, "undeployed", red.subList(0, 1));
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.message()).isEqualTo("model 'undeployed' has no deployed version");
    assertThat(predict(http, "nope", red.subList(0, 1)).status()).isEqualTo(404);
    assertThat(predict(http, "nope", red.subList(0, 1)).message())
        .contains("model 'nope' does not exist");

    Http.Response deployed = deploy("wine", 1, "alice");
    assertThat(deployed.status()).as(deployed.text()).isEqualTo(200);
    assertThat(deployed.json().path("version").asInt()).isEqualTo(1);

    Http.Response r = predict(http, "wine", red.subList(0, 5));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().path("modelVersion").asInt()).isEqualTo(1);
    assertThat(r.json().path("predictions")).hasSize(5);
    assertThat(r.json().path("predictionIds")).hasSize(5);
    for (JsonNode p : r.json().path("predictions")) {
      assertThat(p.path("label").asText()).isIn("0", "1");
      double sum =
          p.path("probabilities").path("0").asDouble()
              + p.path("probabilities").path("1").asDouble();
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(p.path("probabilities").path(p.path("label").asText()).asDouble())
          .isGreaterThanOrEqualTo(0.5);
    }
    // unknown extra fields are ignored
    Map<String, Object> extra = new LinkedHashMap<>(red.get(0));
    extra.put("vintage", "1999");
    assertThat(predict(http, "wine", List.of(extra)).status()).isEqualTo(200);

    List<String> ids = new ArrayList<>();
    r.json().path("predictionIds").forEach(id -> ids.add(id.asText()));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int logged = 0;
    while (System.nanoTime() < deadline && logged < 5) {
      logged =
          jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT count(*) FROM prediction_log WHERE "
                                  + "prediction_id::text IN (<ids>) AND version = 1 AND inputs->>'alcohol' IS NOT NULL AND output->>'label' IS NOT NULL")
                          .bindList("ids", ids)
                          .mapTo(Integer.class)
                          .one());
    }
    assertThat(logged).isEqualTo(5);
    assertThat(
            APP.<KeelApplication>getApplication()
                .wired()
                .serving()
                .predictor()
                .recentInputs("wine", 3))
        .hasSize(3)
        .allSatisfy(row -> assertThat(row).containsKey("alcohol"));
  }

  @Test
  void badInputsAreRefusedNamingTheInstanceAndFeature() {
    deploy("wine", 1, "alice");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rows.add(new LinkedHashMap<>(red.get(i)));
    }
    rows.get(3).put("alcohol", "abc");
    Http.Response text = predict(http, "wine", rows);
    assertThat(text.status()).isEqualTo(400);
    assertThat(text.message()).isEqualTo("instances[3].alcohol: expected a number, got \"abc\"");

    rows.get(3).remove("alcohol");
    assertThat(predict(http, "wine", rows).message()).startsWith("instances[3].alcohol: missing");
    rows.get(3).put("alcohol", "NaN");
    assertThat(predict(http, "wine", rows).message())
        .contains("instances[3].alcohol: expected a number, got \"NaN\"");
    rows.get(3).put("alcohol", true);
    assertThat(predict(http, "wine", rows).status()).isEqualTo(400);
    rows.get(3).put("alcohol", 9.5);
    rows.get(1).put("pH", Map.of("value", 3));
    assertThat(predict(http, "wine", rows).message())
        .isEqualTo("instances[1].pH: expected a number, got an object");

    String huge =
        "{\"instances\": ["
            + json(red.get(0)).replace("\"alcohol\":9.4", "\"alcohol\":1e400")
            + "]}";
    Http.Response infinite = serving("wine").postJson("/v1/models/wine/predict", huge);
    assertThat(infinite.status()).as(infinite.text()).isEqualTo(400);
    assertThat(infinite.message()).contains("instances[0].alcohol: expected a finite number");
    Http.Response nanLiteral =
        serving("wine")
            .postJson(
                "/v1/models/wine/predict",
                "{\"instances\": ["
                    + json(red.get(0)).replace("\"alcohol\":9.4", "\"alcohol\":NaN")
                    + "]}");
    assertThat(nanLiteral.status()).isEqualTo(400);

    Http.Response empty = predict(http, "wine", List.of());
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.message()).contains("instances");
    assertThat(serving("wine").postJson("/v1/models/wine/predict", "{}").status()).isEqualTo(400);

    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      many.add(red.get(i % red.size()));
    }
    Http.Response tooMany = predict(http, "wine", many);
    assertThat(tooMany.status()).isEqualTo(413);
    assertThat(tooMany.message()).contains("1001").contains("1000");
    assertThat(predict(http, "wine", many.subList(0, 1000)).status()).isEqualTo(200);

    String metrics = Http.admin(APP).get("/metrics").text();
    assertThat(metrics)
        .contains("keel_prediction_errors_total{model=\"wine\",reason=\"bad_request\",}");
  }

  static String json(Object o) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void feedbackGivesLiveAccuracyAndRefusesConflicts() {
    deploy("wine", 1, "alice");
    JsonNode r = predict(http, "wine", red.subList(10, 14)).json();
    int version = r.path("modelVersion").asInt();
    // immediately: the predictions may still wait in the log queue
    for (int i = 0; i < 4; i++) {
      String predicted = r.path("predictions").get(i).path("label").asText();
      String truth = i == 0 ? ("1".equals(predicted) ? "0" : "1") : predicted;
      Http.Response f =
          serving("wine")
              .postJson(
                  "/v1/models/wine/feedback",
                  Map.of("predictionId", r.path("predictionIds").get(i).asText(), "label", truth));
      assertThat(f.status()).as(f.text()).isEqualTo(201);
    }
    String first = r.path("predictionIds").get(1).asText();
    String label = r.path("predictions").get(1).path("label").asText();
    assertThat(
            serving("wine")
                .postJson("/v1/models/wine/feedback", Map.of("predictionId", first, "label", label))
                .status())
        .isEqualTo(200);
    Http.Response conflict =
        serving("wine")
            .postJson(
                "/v1/models/wine/feedback",
                Map.of("predictionId", first, "label", "1".equals(label) ? "0" : "1"));
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.message()).contains(first);
    assertThat(
            serving("wine")
                .postJson(
                    "/v1/models/wine/feedback", Map.of("predictionId", "not-a-uuid", "label", "1"))
                .status())
        .isEqualTo(400);
    assertThat(
            serving("wine")
                .postJson("/v1/models/wine/feedback", Map.of("predictionId", first, "label", 1))
                .status())
        .isEqualTo(400);
    Http.Response unknown =
        serving("wine")
            .postJson(
                "/v1/models/wine/feedback",
                Map.of("predictionId", java.util.UUID.randomUUID().toString(), "label", "1"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(
            serving("wine-rb")
                .postJson(
                    "/v1/models/wine-rb/feedback", Map.of("predictionId", first, "label", "1"))
                .status())
        .isEqualTo(404);

    JsonNode live = http.get("/v1/models/wine/live?version=" + version).json();
    assertThat(live.path("version").asInt()).isEqualTo(version);
    assertThat(live.path("feedbackCount").asLong()).isEqualTo(4);
    assertThat(live.path("accuracy").asDouble()).isEqualTo(0.75);
    assertThat(Http.admin(APP).get("/metrics").text())
        .contains("keel_live_accuracy{model=\"wine\",version=\"" + version + "\",} 0.75");
  }

  @Test
  void rollbackServesThePreviousVersionAndIsRecorded() {
    assertThat(http.postJson("/v1/models/wine-rb/rollback", Map.of()).status()).isEqualTo(404);
    Http.Response rejected = deploy("hopeless", 1, "bob");
    assertThat(rejected.status()).isEqualTo(409);
    assertThat(rejected.message()).contains("REJECTED");
    assertThat(deploy("wine-rb", 99, "bob").status()).isEqualTo(404);
    assertThat(http.postJson("/v1/models/wine-rb/deploy", Map.of()).status()).isEqualTo(400);

    assertThat(deploy("wine-rb", 1, "bob").json().path("version").asInt()).isEqualTo(1);
    long generation = deploy("wine-rb", 2, "bob").json().path("generation").asLong();
    // deploying the served version again is a no-op
    assertThat(deploy("wine-rb", 2, "bob").json().path("generation").asLong())
        .isEqualTo(generation);
    assertThat(predict(http, "wine-rb", red.subList(0, 1)).json().path("modelVersion").asInt())
        .isEqualTo(2);

    Http.Response back =
        operator("carol").postJson("/v1/models/wine-rb/rollback", Map.of("reason", "bad canary"));
    assertThat(back.status()).as(back.text()).isEqualTo(200);
    assertThat(back.json().path("version").asInt()).isEqualTo(1);
    assertThat(predict(http, "wine-rb", red.subList(0, 1)).json().path("modelVersion").asInt())
        .isEqualTo(1);
    assertThat(http.get("/v1/models/wine-rb/versions/1").json().path("aliases").toString())
        .contains("champion");

    JsonNode deployments = http.get("/v1/models/wine-rb/deployments").json();
    assertThat(deployments.path("state").path("version").asInt()).isEqualTo(1);
    assertThat(deployments.path("history").findValuesAsText("kind"))
        .containsExactly("rollback", "deploy", "deploy");
    JsonNode last = deployments.path("history").get(0);
    assertThat(last.path("actor").asText()).isEqualTo("carol");
    assertThat(last.path("reason").asText()).isEqualTo("bad canary");
    assertThat(deployments.path("history").get(1).path("actor").asText()).isEqualTo("bob");

    Http.Response nothingEarlier = http.postJson("/v1/models/wine-rb/rollback", Map.of());
    assertThat(nothingEarlier.status()).isEqualTo(409);
    assertThat(nothingEarlier.message()).contains("no version before version 1");
    assertThat(Http.admin(APP).get("/metrics").text())
        .contains("keel_rollbacks_total{model=\"wine-rb\",} 1.0")
        .contains("keel_deployments_total{model=\"wine-rb\",kind=\"deploy\",} 2.0");
  }

  @Test
  void switchingVersionsDuringABurstNeverFailsARequest() throws Exception {
    deploy("wine", 1, "alice");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Set<Integer> versions = ConcurrentHashMap.newKeySet();
    List<Future<List<Integer>>> results = new ArrayList<>();
    Http client = Http.api(APP);
    for (int t = 0; t < 4; t++) {
      int offset = t;
      results.add(
          pool.submit(
              () -> {
                List<Integer> bad = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                  Http.Response r =
                      predict(
                          client,
                          "wine",
                          red.subList((offset * 7 + i) % 190, (offset * 7 + i) % 190 + 3));
                  if (r.status() != 200) {
                    bad.add(r.status());
                  } else {
                    versions.add(r.json().path("modelVersion").asInt());
                  }
                }
                return bad;
              }));
    }
    for (int v : new int[] {2, 1, 2, 1, 2}) {
      Thread.sleep(60);
      assertThat(deploy("wine", v, "switcher").status()).isEqualTo(200);
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
    for (Future<List<Integer>> f : results) {
      assertThat(f.get()).isEmpty();
    }
    assertThat(versions).contains(2);
    assertThat(predict(http, "wine", red.subList(0, 1)).json().path("modelVersion").asInt())
        .isEqualTo(2);
  }

  @Test
  void secondEngineOnTheSameDatabaseConvergesOnADeployment() throws Exception {
    // a second engine on the same database and artifact store, as in a scaled-out deployment;
    // started after
    // training, since its control worker would also take the first engine's registry activities
    DropwizardAppExtension<KeelConfiguration> second =
        TestStack.app(DB, ARTIFACTS, ConfigOverride.config("embeddedWorker", "false"));
    second.before();
    try {
      converges(Http.api(second));
    } finally {
      second.after();
    }
  }

  private void converges(Http other) {
    deploy("wine", 1, "alice");
    Http.Response first = await(other, 1);
    assertThat(first.json().path("modelVersion").asInt()).isEqualTo(1);
    long started = System.nanoTime();
    deploy("wine", 2, "alice");
    Http.Response second = await(other, 2);
    assertThat(second.json().path("modelVersion").asInt()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  static Http.Response await(Http client, int version) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Http.Response r = predict(client, "wine", red.subList(0, 1));
    while (System.nanoTime() < deadline
        && (r.status() != 200 || r.json().path("modelVersion").asInt() != version)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      r = predict(client, "wine", red.subList(0, 1));
    }
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r;
  }

  @Test
  void canaryTakesItsShareAndCanBePromotedOrAborted() {
    DeploymentService deployments =
        APP.<KeelApplication>getApplication().wired().serving().deployments();
    deploy("wine", 1, "alice");
    deployments.startCanary("wine", 2, 0.5, "tester");
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      counts.merge(
          predict(http, "wine", red.subList(0, 1)).json().path("modelVersion").asInt(),
          1,
          Integer::sum);
    }
    assertThat(counts.keySet()).containsExactlyInAnyOrder(1, 2);
    Map<Integer, ServingHealth.VersionHealth> health =
        APP.<KeelApplication>getApplication()
            .wired()
            .serving()
            .predictor()
            .canaryHealth("wine", Duration.ofMinutes(1));
    assertThat(health.get(2).requests()).isPositive();
    assertThat(health.get(2).errors()).isZero();
    assertThat(health.get(2).p95LatencySeconds()).isPositive();

    assertThat(deployments.abortCanary("wine", "tester", "checks").canaryVersion()).isNull();
    assertThat(deployments.abortCanary("wine", "tester", "retry").canaryVersion()).isNull();
    deployments.startCanary("wine", 2, 0.2, "tester");
    assertThat(deployments.promoteCanary("wine", "tester").version()).isEqualTo(2);
    assertThat(deployments.promoteCanary("wine", "tester").version()).isEqualTo(2); // a retry
    assertThat(predict(http, "wine", red.subList(0, 1)).json().path("modelVersion").asInt())
        .isEqualTo(2);
    assertThat(
            http.get("/v1/models/wine/deployments").json().path("history").findValuesAsText("kind"))
        .startsWith("canary-promote", "canary-start", "canary-abort", "canary-start");
  }

  @Test
  void retentionDeletesOldPredictionsWithTheirFeedback() {
    Jdbi jdbi = jdbi();
    jdbi.useHandle(
        h ->
            h.execute(
                """
        INSERT INTO prediction_log (prediction_id, model_id, version, inputs, output, created_at)
        SELECT id, (SELECT id FROM models WHERE name = 'hopeless'), 1, '{}', '{"label": "1"}', t
        FROM (VALUES ('00000000-0000-0000-0000-000000000001'::uuid, now() - interval '40 days'),
                     ('00000000-0000-0000-0000-000000000002'::uuid, now() - interval '1 day')) v (id, t)"""));
    jdbi.useHandle(
        h ->
            h.execute(
                """
        INSERT INTO prediction_feedback (prediction_id, model_id, version, actual_label, predicted_label)
        SELECT prediction_id, model_id, version, '1', '1' FROM prediction_log
        WHERE prediction_id::text LIKE '00000000-0000-0000-0000-00000000000%'"""));

    long deleted = APP.<KeelApplication>getApplication().wired().serving().retention().purge();

    assertThat(deleted).isEqualTo(1);
    List<String> left =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT prediction_id::text FROM prediction_log "
                            + "WHERE prediction_id::text LIKE '00000000-0000-0000-0000-00000000000%'")
                    .mapTo(String.class)
                    .list());
    assertThat(left).containsExactly("00000000-0000-0000-0000-000000000002");
    int feedback =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM prediction_feedback "
                            + "WHERE prediction_id::text LIKE '00000000-0000-0000-0000-00000000000%'")
                    .mapTo(Integer.class)
                    .one());
    assertThat(feedback).isEqualTo(1);
  }

  @Test
  void noopBaselineAndMetricsAreServed() {
    Http.Response noop = http.postJson("/v1/noop", body(red.subList(0, 2)));
    assertThat(noop.status()).isEqualTo(200);
    assertThat(noop.json().path("ok").asBoolean()).isTrue();
    deploy("wine", 1, "alice");
    predict(http, "wine", red.subList(0, 2));
    assertThat(Http.admin(APP).get("/metrics").text())
        .contains("keel_predictions_total{model=\"wine\",version=\"1\",}")
        .contains(
            "keel_prediction_latency_seconds_bucket{model=\"wine\",version=\"1\",le=\"5.0E-4\",}")
        .contains("keel_prediction_log_dropped_total");
  }
}
