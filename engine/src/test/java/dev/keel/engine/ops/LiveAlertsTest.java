package dev.keel.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import dev.keel.testkit.WineOnnx;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tribuo.classification.Label;

/**
 * Real monitoring, end to end, on loopback: Keel serving a model trained on red wine, a real
 * Prometheus scraping it every second with Keel's alert rules loaded, and a real Alertmanager
 * notifying a webhook in this test. Red wine traffic raises no drift alert; white wine traffic
 * raises KeelFeatureDriftHigh naming the model and the drifted features. Two faulty ONNX models
 * released beside it raise the serving alerts: one exported with a batch dimension fixed at 1 fails
 * every batched request inside ONNX Runtime (KeelServingErrorRateHigh), one far too heavy for
 * online serving makes every request slow (KeelPredictionLatencyHigh).
 *
 * <p>The rules are ops/prometheus/keel-alerts.yml with every {@code for:} shortened to 1s (a copy
 * in target/live-alerts); expressions and thresholds are the file's own.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LiveAlertsTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration ALERT_DEADLINE = Duration.ofSeconds(60);

  /** One alert as Alertmanager's webhook delivers it. */
  record Notified(String status, Map<String, String> labels, Map<String, String> annotations) {
    String label(String name) {
      return labels.getOrDefault(name, "");
    }
  }

  static final List<Notified> NOTIFIED = new CopyOnWriteArrayList<>();
  static final List<Process> PROCESSES = new ArrayList<>();
  static HttpServer webhook;
  static Http prometheus;
  static Http http;
  static Path dir;

  @BeforeAll
  static void startPrometheusAndAlertmanager() throws Exception {
    String prometheusBinary = PromTools.require("prometheus", "prometheus");
    String alertmanagerBinary =
        PromTools.require("prometheus-alertmanager", "prometheus-alertmanager");
    dir =
        Files.createDirectories(
                Path.of("target", "live-alerts", Long.toString(System.currentTimeMillis())))
            .toAbsolutePath();
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/alerts",
        exchange -> {
          try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            for (JsonNode alert : body.path("alerts")) {
              NOTIFIED.add(
                  new Notified(
                      alert.path("status").asText(),
                      strings(alert.path("labels")),
                      strings(alert.path("annotations"))));
            }
            exchange.sendResponseHeaders(200, -1);
          }
        });
    webhook.start();

    int alertmanagerPort = TestStack.freePort();
    Files.writeString(
        dir.resolve("alertmanager.yml"),
        """
        route:
          receiver: test-webhook
          group_by: [alertname, model, feature]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: test-webhook
            webhook_configs:
              - url: http://127.0.0.1:%d/alerts
                send_resolved: false
        """
            .formatted(webhook.getAddress().getPort()));
    start(
        dir.resolve("alertmanager.log"),
        alertmanagerBinary,
        "--config.file=" + dir.resolve("alertmanager.yml"),
        "--storage.path=" + dir.resolve("alertmanager-data"),
        "--web.listen-address=127.0.0.1:" + alertmanagerPort,
        "--cluster.listen-address=");

    String rules =
        Files.readString(Path.of("..", "ops", "prometheus", "keel-alerts.yml"))
            .replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 1s");
    Files.writeString(dir.resolve("keel-alerts.fast.yml"), rules);
    int prometheusPort = TestStack.freePort();
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - %s
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ["127.0.0.1:%d"]
        scrape_configs:
          - job_name: keel
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(dir.resolve("keel-alerts.fast.yml"), alertmanagerPort, APP.getAdminPort()));
    start(
        dir.resolve("prometheus.log"),
        prometheusBinary,
        "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
        "--web.listen-address=127.0.0.1:" + prometheusPort,
        "--rules.alert.resend-delay=1s",
        "--storage.tsdb.retention.time=1h");

    prometheus = new Http("http://127.0.0.1:" + prometheusPort);
    Http alertmanager = new Http("http://127.0.0.1:" + alertmanagerPort);
    await("Alertmanager ready", () -> ready(alertmanager), Duration.ofSeconds(30));
    await(
        "Prometheus scraping Keel",
        () -> !query("up{job=\"keel\"} == 1").isEmpty(),
        Duration.ofSeconds(30));
    JsonNode groups = prometheus.get("/api/v1/rules").json().path("data").path("groups");
    assertThat(groups.findValuesAsText("name"))
        .as("the alert rules are loaded")
        .contains("KeelFeatureDriftHigh", "KeelServingErrorRateHigh", "KeelPredictionLatencyHigh");
    http = Http.api(APP);
  }

  @AfterAll
  static void stopEverything() throws InterruptedException {
    for (Process p : PROCESSES) {
      p.destroy(); // SIGTERM to that PID
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (webhook != null) {
      webhook.stop(0);
    }
  }

  @Test
  void driftLatencyAndErrorAlertsReachTheWebhook() throws Exception {
    long started = System.nanoTime();
    trainAndDeployRedWine();
    WineOnnx.Trained<Label> exported = WineOnnx.classifier();
    releaseOnnx("wine-b1", FaultyOnnx.fixedBatchOfOne(exported.onnx()), exported);
    // 36 dense layers sharing one weight matrix: a request of 1,000 rows takes well over a second
    // on an idle
    // 2-core machine (12 layers took 0.5 s there, at the alert's threshold), without making the
    // model file larger
    releaseOnnx(
        "wine-heavy",
        FaultyOnnx.heavy(exported.onnx(), exported.features().size(), 1024, 36),
        exported);

    // red wine, as trained: the monitor's PSI reaches Prometheus and stays below the threshold
    predict("wine", rows(SharedData.redWine(), 400));
    http.await(
        "/v1/models/wine/drift",
        r -> r.json().path("latest").path("windowSize").asInt() >= 400,
        Duration.ofSeconds(30));
    await(
        "red-wine PSI scraped",
        () -> query("keel_feature_drift_psi{model=\"wine\"}").size() == 11,
        Duration.ofSeconds(30));
    double evaluatedAfter =
        epochSeconds() + 3; // past for: 1s, an evaluation and Alertmanager's group_wait
    await(
        "drift rule evaluated on red-wine PSI",
        () -> lastEvaluation("KeelFeatureDriftHigh") > evaluatedAfter,
        Duration.ofSeconds(30));
    assertThat(query("keel_feature_drift_psi{model=\"wine\"} > 0.2"))
        .as("no red-wine feature drifts")
        .isEmpty();
    assertThat(query("ALERTS{alertname=\"KeelFeatureDriftHigh\"}")).isEmpty();
    assertThat(NOTIFIED).noneMatch(n -> n.label("alertname").equals("KeelFeatureDriftHigh"));

    // white wine: the drift alert fires and names the model and the drifted features
    predict("wine", rows(SharedData.whiteWine(), 400));
    // (features drift one after the other while white rows replace red ones in the monitor's
    // window; these two
    // are the ones white wine differs most in)
    Set<String> strongest = Set.of("total_sulfur_dioxide", "residual_sugar");
    List<Notified> drift =
        awaitNotified("KeelFeatureDriftHigh", "wine", n -> strongest.contains(n.label("feature")));
    Notified one = drift.get(0);
    assertThat(one.label("feature")).isIn(strongest);
    assertThat(one.status()).isEqualTo("firing");
    assertThat(one.label("severity")).isEqualTo("warning");
    assertThat(one.annotations().get("summary"))
        .startsWith("Model wine: feature " + one.label("feature") + " drifted (PSI ");
    assertThat(one.annotations().get("description"))
        .contains("feature " + one.label("feature") + " of model wine");

    // a model exported with a batch dimension fixed at 1: single rows work, every batch fails
    // inside the runtime.
    // Served, its series are exported at 0 before any request, so rate() sees the first errors
    assertThat(Http.admin(APP).get("/metrics").text())
        .contains("keel_prediction_errors_total{model=\"wine-b1\",reason=\"internal\",} 0.0")
        .contains("keel_predictions_total{model=\"wine-b1\",version=\"1\",} 0.0");
    await(
        "wine-b1 series scraped at 0",
        () -> !query("keel_prediction_errors_total{model=\"wine-b1\"} == 0").isEmpty(),
        Duration.ofSeconds(30));
    Http serving = http.serving("wine-b1");
    List<Map<String, Object>> red = rows(SharedData.redWine(), 100);
    for (int i = 0; i < 5; i++) {
      Http.Response single =
          serving.postJson(
              "/v1/models/wine-b1/predict", Map.of("instances", red.subList(i, i + 1)));
      assertThat(single.status()).as(single.text()).isEqualTo(200);
    }
    for (int i = 0; i < 10; i++) {
      Http.Response batch =
          serving.postJson(
              "/v1/models/wine-b1/predict", Map.of("instances", red.subList(i, i + 10)));
      assertThat(batch.status()).as(batch.text()).isEqualTo(500);
    }
    Notified errors = awaitNotified("KeelServingErrorRateHigh", "wine-b1").get(0);
    assertThat(errors.label("severity")).isEqualTo("page");
    assertThat(errors.annotations().get("summary"))
        .startsWith("Model wine-b1: ")
        .endsWith("of predictions fail");

    // a model far too heavy for online serving: every request of the maximum batch is slow
    Http heavy = http.serving("wine-heavy");
    List<Map<String, Object>> batch = rows(SharedData.redWine(), 1000);
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long t = System.nanoTime();
      Http.Response slow =
          heavy.postJson("/v1/models/wine-heavy/predict", Map.of("instances", batch));
      seconds.add((System.nanoTime() - t) / 1e9);
      assertThat(slow.status()).as(slow.text()).isEqualTo(200);
    }
    System.err.println(
        "LiveAlertsTest: wine-heavy requests of 1000 instances took " + seconds + " s");
    Notified latency = awaitNotified("KeelPredictionLatencyHigh", "wine-heavy").get(0);
    assertThat(latency.annotations().get("summary"))
        .startsWith("Model wine-heavy: p99 prediction latency ");

    // and only the faulty models raised the serving alerts
    assertThat(NOTIFIED)
        .filteredOn(n -> n.label("alertname").equals("KeelServingErrorRateHigh"))
        .extracting(n -> n.label("model"))
        .containsOnly("wine-b1");
    assertThat(NOTIFIED)
        .filteredOn(n -> n.label("alertname").equals("KeelPredictionLatencyHigh"))
        .extracting(n -> n.label("model"))
        .containsOnly("wine-heavy");
    System.err.printf(
        "LiveAlertsTest: from training to the last alert in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  static void trainAndDeployRedWine() {
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
    Map<String, Object> model = new HashMap<>();
    model.put("name", "wine");
    model.put("task", "classification");
    model.put("target", "quality");
    model.put("binarize", Map.of("op", ">=", "value", 6));
    model.put("trainer", Map.of("algorithm", "logistic"));
    model.put("gates", List.of(Map.of("metric", "accuracy", "op", ">=", "value", 0.7)));
    model.put(
        "monitoring",
        Map.of("intervalSeconds", 1, "window", 400, "minWindow", 100, "cooldownSeconds", 3600));
    assertThat(http.postJson("/v1/models", model).status()).isEqualTo(201);
    String id =
        http.postJson("/v1/models/wine/runs", Map.of("dataset", "red")).json().path("id").asText();
    JsonNode run =
        http.await(
                "/v1/runs/" + id,
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(90))
            .json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
  }

  /**
   * Uploads and registers an ONNX model as mlflow.onnx.log_model and register_model do, and
   * releases it.
   */
  static void releaseOnnx(String model, byte[] onnx, WineOnnx.Trained<Label> exported) {
    String dir = "/api/2.0/mlflow-artifacts/artifacts/1/" + model + "/artifacts/model/";
    assertThat(http.requestBytes("PUT", dir + "model.onnx", onnx).status()).isEqualTo(200);
    String columns =
        String.join(
            ", ",
            exported.features().stream()
                .map(f -> "{\"type\": \"double\", \"name\": \"" + f + "\", \"required\": true}")
                .toList());
    String mlmodel =
        """
        artifact_path: model
        flavors:
          onnx:
            data: model.onnx
        signature:
          inputs: '[%s]'
        metadata:
          labels: [%s]
        """
            .formatted(
                columns,
                String.join(", ", exported.labels().stream().map(l -> "'" + l + "'").toList()));
    assertThat(
            http.requestBytes("PUT", dir + "MLmodel", mlmodel.getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(200);
    assertThat(
            http.postJson("/api/2.0/mlflow/registered-models/create", Map.of("name", model))
                .status())
        .isEqualTo(200);
    Http.Response registered =
        http.postJson(
            "/api/2.0/mlflow/model-versions/create",
            Map.of("name", model, "source", "mlflow-artifacts:/1/" + model + "/artifacts/model"));
    assertThat(registered.status()).as(registered.text()).isEqualTo(200);
    Http.Response released =
        http.postJson("/v1/models/" + model + "/versions/1/release", Map.of("policy", "auto"));
    assertThat(released.status()).as(released.text()).isEqualTo(202);
    JsonNode run =
        http.await(
                "/v1/runs/" + released.json().path("id").asText(),
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(90))
            .json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
  }

  static void predict(String model, List<Map<String, Object>> rows) {
    Http serving = http.serving(model);
    for (int i = 0; i < rows.size(); i += 100) {
      Http.Response r =
          serving.postJson(
              "/v1/models/" + model + "/predict",
              Map.of("instances", rows.subList(i, Math.min(rows.size(), i + 100))));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
    }
  }

  /** The firing notifications of {@code alertname} for {@code model}, waiting for the first. */
  static List<Notified> awaitNotified(String alertname, String model) {
    return awaitNotified(alertname, model, n -> true);
  }

  static List<Notified> awaitNotified(String alertname, String model, Predicate<Notified> also) {
    Predicate<Notified> match =
        n ->
            n.label("alertname").equals(alertname)
                && n.label("model").equals(model)
                && n.status().equals("firing")
                && also.test(n);
    await(
        alertname + " for model " + model + " at the webhook",
        () -> NOTIFIED.stream().anyMatch(match),
        ALERT_DEADLINE);
    return NOTIFIED.stream().filter(match).toList();
  }

  /** The result vector of an instant query. */
  static List<JsonNode> query(String promql) {
    JsonNode answer =
        prometheus
            .get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
            .json();
    List<JsonNode> out = new ArrayList<>();
    answer.path("data").path("result").forEach(out::add);
    return out;
  }

  /** When Prometheus last evaluated the group holding {@code alert}, in epoch seconds. */
  static double lastEvaluation(String alert) {
    for (JsonNode group : prometheus.get("/api/v1/rules").json().path("data").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.path("name").asText().equals(alert)) {
          return java.time.OffsetDateTime.parse(rule.path("lastEvaluation").asText())
                  .toInstant()
                  .toEpochMilli()
              / 1000.0;
        }
      }
    }
    return 0;
  }

  static double epochSeconds() {
    return System.currentTimeMillis() / 1000.0;
  }

  static boolean ready(Http server) {
    try {
      return server.get("/-/ready").status() == 200;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  static void await(String what, java.util.function.BooleanSupplier done, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      boolean ok;
      try {
        ok = done.getAsBoolean();
      } catch (RuntimeException notYet) {
        ok = false;
      }
      if (ok) {
        return;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "no "
                + what
                + " within "
                + deadline.toSeconds()
                + " s; notifications so far: "
                + NOTIFIED
                + "; logs in "
                + dir);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static void start(Path log, String... command) throws IOException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PROCESSES.add(p);
    System.err.println(
        "LiveAlertsTest: started " + command[0] + " as PID " + p.pid() + " (log " + log + ")");
  }

  static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /**
   * {@code count} rows spread evenly over the file (its order is not random), without the target.
   */
  static List<Map<String, Object>> rows(Path csv, int count) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] cells = lines.get(1 + (int) ((long) i * (lines.size() - 1) / count)).split(",");
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        if (!header[c].equals("quality")) {
          row.put(header[c], Double.parseDouble(cells[c]));
        }
      }
      rows.add(row);
    }
    return rows;
  }
}
