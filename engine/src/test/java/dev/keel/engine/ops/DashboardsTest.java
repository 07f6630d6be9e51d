package dev.keel.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keel's Grafana dashboards and alert rules against promtool and a running Keel: every PromQL
 * expression parses (promtool check rules, one recording rule per expression), every metric it
 * reads is one the engine exports on {@code /metrics} after a model was trained with a sweep,
 * deployed, served predictions, got feedback and had its drift checked, and the dashboards have the
 * variables and data source a Grafana import needs.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DashboardsTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static final Path OPS = Path.of("..", "ops").toAbsolutePath().normalize();
  static final List<String> DASHBOARDS =
      List.of("keel-models.json", "keel-pipelines.json", "keel-engine.json");
  static final ObjectMapper JSON = new ObjectMapper();

  static String exposition;

  static List<PromQl.Expression> expressions() {
    List<PromQl.Expression> all = new ArrayList<>();
    for (String name : DASHBOARDS) {
      all.addAll(PromQl.dashboard(OPS.resolve("grafana/dashboards").resolve(name)));
    }
    all.addAll(PromQl.rules(OPS.resolve("prometheus/keel-alerts.yml")));
    return all;
  }

  /**
   * A model trained with a two-trial sweep, deployed, serving red wine, with feedback and a drift
   * check.
   */
  @BeforeAll
  static void exerciseTheEngine() throws IOException {
    Http http = Http.api(APP);
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
    Map<String, Object> model = new HashMap<>();
    model.put("name", "dash");
    model.put("task", "classification");
    model.put("target", "quality");
    model.put("binarize", Map.of("op", ">=", "value", 6));
    model.put("trainer", Map.of("algorithm", "logistic"));
    model.put(
        "sweep",
        Map.of("strategy", "grid", "space", Map.of("epochs", List.of(5, 10)), "concurrency", 2));
    model.put("monitoring", Map.of("intervalSeconds", 3600, "window", 200, "minWindow", 100));
    assertThat(http.postJson("/v1/models", model).status()).isEqualTo(201);
    String run =
        http.postJson("/v1/models/dash/runs", Map.of("dataset", "red")).json().path("id").asText();
    JsonNode done =
        http.await(
                "/v1/runs/" + run,
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(120))
            .json();
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");

    Http serving = http.serving("dash");
    List<Map<String, Object>> rows = redRows(200);
    Http.Response predicted =
        serving.postJson("/v1/models/dash/predict", Map.of("instances", rows));
    assertThat(predicted.status()).as(predicted.text()).isEqualTo(200);
    assertThat(
            serving
                .postJson(
                    "/v1/models/dash/predict", Map.of("instances", List.of(Map.of("alcohol", "x"))))
                .status())
        .isEqualTo(400);
    String id = predicted.json().path("predictionIds").get(0).asText();
    String label = predicted.json().path("predictions").get(0).path("label").asText();
    http.await(
        "/v1/models/dash/live",
        r ->
            serving
                    .postJson(
                        "/v1/models/dash/feedback", Map.of("predictionId", id, "label", label))
                    .status()
                == 201,
        Duration.ofSeconds(30));
    assertThat(http.get("/v1/models/dash/live").json().path("feedbackCount").asInt()).isEqualTo(1);
    // predictions are logged asynchronously: check until the check sees all 200
    http.await(
        "/v1/models/dash/drift",
        r ->
            http.postJson("/v1/models/dash/drift/check", Map.of())
                    .json()
                    .path("check")
                    .path("windowSize")
                    .asInt()
                >= 200,
        Duration.ofSeconds(30));
    JsonNode check = http.get("/v1/models/dash/drift").json();
    assertThat(check.path("latest").path("windowSize").asInt()).as(check.toString()).isEqualTo(200);
    exposition = Http.admin(APP).get("/metrics").text();
  }

  static List<Map<String, Object>> redRows(int count) throws IOException {
    List<String> lines = Files.readAllLines(SharedData.redWine());
    String[] header = lines.get(0).split(",");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : lines.subList(1, 1 + count)) {
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

  @Test
  void everyExpressionParsesWithPromtool() throws IOException {
    String promtool = PromTools.require("promtool", "prometheus");
    List<PromQl.Expression> all = expressions();
    assertThat(all).hasSizeGreaterThan(60);
    Path rules = generatedRules(all, "dashboard-expressions.rules.yml");
    PromTools.Result checked =
        PromTools.run(Duration.ofSeconds(60), promtool, "check", "rules", rules.toString());
    assertThat(checked.exit()).as(checked.output()).isZero();
    assertThat(checked.output()).contains("SUCCESS: " + all.size() + " rules found");
  }

  @Test
  void promtoolRefusesABrokenExpression() throws IOException {
    String promtool = PromTools.require("promtool", "prometheus");
    Path rules =
        generatedRules(
            List.of(new PromQl.Expression("broken", "sum by (model (rate(x[5m]))")),
            "broken.rules.yml");
    PromTools.Result checked =
        PromTools.run(Duration.ofSeconds(60), promtool, "check", "rules", rules.toString());
    assertThat(checked.exit()).as(checked.output()).isNotZero();
  }

  @Test
  void everyMetricReadIsOneKeelExports() {
    Set<String> exported = PromQl.exported(exposition);
    Map<String, List<String>> missing = new TreeMap<>();
    Set<String> used = new TreeSet<>();
    for (PromQl.Expression e : expressions()) {
      for (String name : PromQl.metricNames(e.expr())) {
        used.add(name);
        if (!exported.contains(name)) {
          missing.computeIfAbsent(name, k -> new ArrayList<>()).add(e.source());
        }
      }
    }
    assertThat(missing)
        .as("metrics the dashboards or alerts read that Keel does not export")
        .isEmpty();
    assertThat(used)
        .contains(
            "keel_predictions_total",
            "keel_prediction_latency_seconds_bucket",
            "keel_feature_drift_psi",
            "keel_sweep_trials_total",
            "jvm_memory_bytes_used",
            "io_dropwizard_db_ManagedPooledDataSource_postgresql_active",
            "temporal_activity_schedule_to_start_latency_seconds_bucket");
    // the figures the monitoring story depends on carry samples, not only a declaration
    assertThat(exposition)
        .contains("keel_feature_drift_psi{model=\"dash\",feature=\"alcohol\",}")
        .contains("keel_sweep_trials_total{model=\"dash\",outcome=\"finished\",} 2.0")
        .contains("keel_sweep_trials_total{model=\"dash\",outcome=\"failed\",} 0.0")
        .contains("keel_live_accuracy{model=\"dash\",version=\"1\",}")
        .contains("keel_prediction_errors_total{model=\"dash\",reason=\"bad_request\",} 1.0");
  }

  @Test
  void dashboardsImportIntoGrafana() throws IOException {
    Set<String> uids = new HashSet<>();
    for (String name : DASHBOARDS) {
      JsonNode board = JSON.readTree(OPS.resolve("grafana/dashboards").resolve(name).toFile());
      assertThat(board.path("schemaVersion").asInt()).as(name).isBetween(36, 41);
      assertThat(uids.add(board.path("uid").asText())).as(name + " uid").isTrue();
      assertThat(board.path("title").asText()).as(name).startsWith("Keel / ");
      Map<String, JsonNode> variables = new LinkedHashMap<>();
      board.path("templating").path("list").forEach(v -> variables.put(v.path("name").asText(), v));
      assertThat(variables.get("datasource")).as(name + ": a datasource variable").isNotNull();
      assertThat(variables.get("datasource").path("type").asText()).isEqualTo("datasource");
      assertThat(variables.get("datasource").path("query").asText()).isEqualTo("prometheus");
      variables.values().stream()
          .filter(v -> "query".equals(v.path("type").asText()))
          .forEach(
              v -> {
                assertThat(v.path("datasource").path("uid").asText())
                    .as(name + " " + v.path("name"))
                    .isEqualTo("${datasource}");
                assertThat(v.path("query").path("query").asText())
                    .as(name + " " + v.path("name"))
                    .startsWith("label_values(");
              });
      if (!name.equals("keel-engine.json")) {
        assertThat(variables).as(name).containsKey("model");
      }
      if (name.equals("keel-models.json")) {
        assertThat(variables).containsKey("version");
        assertThat(variables.get("version").path("query").path("query").asText())
            .contains("$model");
      }
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : board.path("panels")) {
        assertThat(ids.add(panel.path("id").asInt()))
            .as(name + " panel id " + panel.path("id"))
            .isTrue();
        JsonNode grid = panel.path("gridPos");
        assertThat(grid.path("x").asInt() + grid.path("w").asInt())
            .as(name + " " + panel.path("title"))
            .isLessThanOrEqualTo(24);
        if (!"row".equals(panel.path("type").asText())) {
          assertThat(panel.path("datasource").path("uid").asText())
              .as(name + " " + panel.path("title"))
              .isEqualTo("${datasource}");
          assertThat(panel.path("targets")).as(name + " " + panel.path("title")).isNotEmpty();
          assertThat(panel.path("description").asText())
              .as(name + " " + panel.path("title"))
              .isNotBlank();
        }
      }
    }
    for (PromQl.Expression e : expressions()) {
      assertThat(PromQl.variablesOutsideRegexMatchers(e.expr()))
          .as(e.source() + ": " + e.expr())
          .isEmpty();
    }
  }

  /** One recording rule per expression, variables substituted, in {@code target/ops-check/}. */
  static Path generatedRules(List<PromQl.Expression> expressions, String file) throws IOException {
    StringBuilder yaml =
        new StringBuilder(
            "# generated by DashboardsTest from ops/grafana and ops/prometheus\n"
                + "groups:\n  - name: keel-expressions\n    rules:\n");
    for (int i = 0; i < expressions.size(); i++) {
      yaml.append("      # ")
          .append(expressions.get(i).source().replace('\n', ' '))
          .append('\n')
          .append("      - record: keel_check:expression_")
          .append(i)
          .append('\n')
          .append("        expr: ")
          .append(JSON.writeValueAsString(PromQl.substitute(expressions.get(i).expr())))
          .append('\n');
    }
    Path dir = Files.createDirectories(Path.of("target", "ops-check"));
    return Files.writeString(dir.resolve(file), yaml.toString());
  }
}
