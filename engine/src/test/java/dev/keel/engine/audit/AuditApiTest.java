package dev.keel.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log over HTTP: what is recorded, and that an edit made directly in PostgreSQL is found.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuditApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static Http http;
  static String runRequestId;
  static String modelRequestId;

  @BeforeAll
  static void actThroughTheApi() {
    http = Http.api(APP);
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
    Http.Response model =
        http.user("alice", "data-scientist")
            .postJson(
                "/v1/models",
                Map.of(
                    "name",
                    "audited",
                    "task",
                    "regression",
                    "target",
                    "quality",
                    "trainer",
                    Map.of("algorithm", "linear")));
    assertThat(model.status()).isEqualTo(201);
    modelRequestId = model.header("X-Request-Id");
    Http.Response run =
        http.user("bob", "data-scientist")
            .request(
                "POST",
                "/v1/models/audited/runs",
                "{\"dataset\": \"red\"}",
                "Content-Type",
                "application/json",
                "X-Request-Id",
                "ticket-4711");
    assertThat(run.status()).isEqualTo(202);
    runRequestId = run.header("X-Request-Id");
    JsonNode done =
        http.await(
                "/v1/runs/" + run.json().path("id").asText(),
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(120))
            .json();
    assertThat(done.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(http.postJson("/v1/models", Map.of("name", "broken")).status()).isEqualTo(400);
    Map<String, Object> row = new java.util.HashMap<>();
    for (String f :
        List.of(
            "fixed_acidity",
            "volatile_acidity",
            "citric_acid",
            "residual_sugar",
            "chlorides",
            "free_sulfur_dioxide",
            "total_sulfur_dioxide",
            "density",
            "pH",
            "sulphates",
            "alcohol")) {
      row.put(f, 1.0);
    }
    assertThat(
            http.serving("audited")
                .postJson("/v1/models/audited/predict", Map.of("instances", List.of(row)))
                .status())
        .isEqualTo(200);
  }

  static List<JsonNode> entries() {
    List<JsonNode> all = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonNode page = http.get("/v1/audit?limit=2&after=" + after).json();
      page.path("entries").forEach(all::add);
      if (page.path("next").isNull()) {
        return all;
      }
      after = page.path("next").asLong();
    }
  }

  static JsonNode find(List<JsonNode> entries, String action) {
    return entries.stream()
        .filter(e -> e.path("action").asText().equals(action))
        .filter(e -> !e.path("outcome").asText().equals(AuditIntentFilter.INTENT))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + action + "' in " + entries));
  }

  static Jdbi jdbi() {
    return APP.<KeelApplication>getApplication().wired().jdbi();
  }

  @Test
  void stateChangingCallsAndDecisionsAreRecordedWithActorOutcomeAndRequestId() {
    List<JsonNode> entries = entries();

    JsonNode created = find(entries, "POST /v1/models");
    assertThat(created.path("actor").asText()).isEqualTo("alice");
    assertThat(created.path("outcome").asText()).isEqualTo("ok");
    assertThat(created.path("requestId").asText()).isEqualTo(modelRequestId).isNotBlank();
    JsonNode run = find(entries, "POST /v1/models/{name}/runs");
    assertThat(run.path("actor").asText()).isEqualTo("bob");
    assertThat(run.path("target").asText()).isEqualTo("/v1/models/audited/runs");
    assertThat(run.path("requestId").asText()).isEqualTo("ticket-4711").isEqualTo(runRequestId);
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.path("action").asText()).isEqualTo("POST /v1/models");
              assertThat(e.path("outcome").asText()).isEqualTo("rejected");
            });
    // the intent of the call was committed before the call ran, under the same request id
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.path("requestId").asText()).isEqualTo("ticket-4711");
              assertThat(e.path("outcome").asText()).isEqualTo("intent");
              assertThat(e.path("id").asLong()).isLessThan(run.path("id").asLong());
            });
    JsonNode approval = find(entries, "approval");
    assertThat(approval.path("actor").asText()).isEqualTo("policy:auto");
    assertThat(approval.path("outcome").asText()).isEqualTo("approve");
    assertThat(approval.path("target").asText()).startsWith("audited v1");
    JsonNode deploy = find(entries, "deploy");
    assertThat(deploy.path("target").asText()).isEqualTo("audited v1");
    assertThat(entries).noneSatisfy(e -> assertThat(e.path("action").asText()).contains("predict"));
    assertThat(entries).noneSatisfy(e -> assertThat(e.path("action").asText()).startsWith("GET"));
    for (int i = 1; i < entries.size(); i++) {
      assertThat(entries.get(i).path("prevHash").asText())
          .isEqualTo(entries.get(i - 1).path("hash").asText());
    }
  }

  @Test
  void anEditMadeInPostgresqlIsFoundAndNamed(@TempDir Path dir) throws Exception {
    JsonNode intact = http.get("/v1/audit/verify").json();
    assertThat(intact.path("intact").asBoolean()).as(intact.toString()).isTrue();
    assertThat(intact.path("rowsChecked").asLong()).isGreaterThanOrEqualTo(5);

    String actor =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT actor FROM audit_log WHERE id = 3")
                        .mapTo(String.class)
                        .one());
    jdbi().useHandle(h -> h.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 3"));
    try {
      JsonNode broken = http.get("/v1/audit/verify").json();
      assertThat(broken.path("intact").asBoolean()).isFalse();
      assertThat(broken.path("firstBadId").asLong()).isEqualTo(3);
      assertThat(broken.path("problem").asText()).contains("row 3 was changed");
      assertThat(broken.path("rowsChecked").asLong()).isEqualTo(2);

      Path yml = dir.resolve("audit.yml");
      Files.writeString(
          yml,
          String.join(
              "\n",
              "logging:",
              "  level: WARN",
              "database:",
              "  driverClass: org.postgresql.Driver",
              "  url: " + APP.getConfiguration().getDatabase().getUrl(),
              "  user: postgres",
              ""));
      Process cli =
          TestStack.keelProcess(dir.resolve("audit.log"), "audit", "verify", yml.toString());
      assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(cli.exitValue()).isEqualTo(1);
      assertThat(Files.readString(dir.resolve("audit.log"))).contains("BROKEN at row 3");
    } finally {
      jdbi()
          .useHandle(
              h ->
                  h.createUpdate("UPDATE audit_log SET actor = :actor WHERE id = 3")
                      .bind("actor", actor)
                      .execute());
    }
    assertThat(http.get("/v1/audit/verify").json().path("intact").asBoolean()).isTrue();
  }

  @Test
  void aDeletedRowBreaksTheChainAtTheRowAfterIt() {
    long last =
        jdbi()
            .withHandle(
                h -> h.createQuery("SELECT max(id) FROM audit_log").mapTo(Long.class).one());
    Map<String, Object> row =
        jdbi()
            .withHandle(
                h -> h.createQuery("SELECT * FROM audit_log WHERE id = 2").mapToMap().one());
    jdbi().useHandle(h -> h.execute("DELETE FROM audit_log WHERE id = 2"));
    try {
      JsonNode broken = http.get("/v1/audit/verify").json();
      assertThat(broken.path("intact").asBoolean()).isFalse();
      assertThat(broken.path("firstBadId").asLong()).isEqualTo(3);
      assertThat(broken.path("problem").asText()).contains("row 2 is missing");
    } finally {
      jdbi()
          .useHandle(
              h ->
                  h.createUpdate(
                          "INSERT INTO audit_log (id, at, actor, action, target, outcome, "
                              + "request_id, detail, prev_hash, hash) VALUES (:id, :at, :actor, :action, :target, :outcome, "
                              + ":request_id, :detail, :prev_hash, :hash)")
                      .bindMap(row)
                      .execute());
    }
    assertThat(last).isGreaterThan(2);
  }

  /**
   * Concurrent calls share the writer's commits; each still gets its own intent row before its
   * outcome row, and the chain stays one unbroken line.
   */
  @Test
  void concurrentCallsKeepOneUnbrokenChainWithEachIntentBeforeItsOutcome() throws Exception {
    int calls = 24;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(calls + 6);
    List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      String name = "audit-burst-" + i;
      answers.add(
          pool.submit(
              () ->
                  http.postJson(
                          "/api/2.0/mlflow/experiments/create",
                          Map.of("name", name),
                          AuditFilter.REQUEST_ID,
                          "burst-" + name)
                      .status()));
    }
    // appends made inside other transactions (as approvals and deployments do) take their turn
    // between the writer's batches
    List<java.util.concurrent.Future<?>> direct = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String id = "burst-direct-" + i;
      direct.add(
          pool.submit(
              () ->
                  jdbi()
                      .useTransaction(
                          h -> AuditLog.append(h, "test", "direct", "burst", "ok", id, null))));
    }
    for (var answer : answers) {
      assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(200);
    }
    for (var d : direct) {
      d.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    long directRows =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM audit_log WHERE request_id LIKE 'burst-direct-%'")
                        .mapTo(Long.class)
                        .one());
    assertThat(directRows).isEqualTo(6);

    List<Map<String, Object>> rows =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT id, request_id, outcome FROM audit_log "
                                + "WHERE request_id LIKE 'burst-audit-burst-%' ORDER BY id")
                        .mapToMap()
                        .list());
    assertThat(rows).hasSize(2 * calls);
    for (int i = 0; i < calls; i++) {
      String id = "burst-audit-burst-" + i;
      List<Map<String, Object>> own =
          rows.stream().filter(r -> id.equals(r.get("request_id"))).toList();
      assertThat(own).extracting(r -> r.get("outcome")).containsExactly("intent", "ok");
    }
    JsonNode verified = http.get("/v1/audit/verify").json();
    assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isTrue();
  }

  @Test
  void theCsvExportKeepsFormulaLikeTextAsText() {
    String hostile = "=HYPERLINK(\"evil.example\";\"open me\")+cmd|'calc'!A0";
    Http.Response refused =
        http.user("mallory", "data-scientist")
            .request(
                "POST",
                "/v1/models/"
                    + java.net.URLEncoder.encode(hostile, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20")
                    + "/runs",
                "{\"dataset\": \"red\"}",
                "Content-Type",
                "application/json",
                "X-Request-Id",
                "-2.3");
    assertThat(refused.status()).isIn(400, 404);

    Http.Response csv = http.get("/v1/audit/export.csv");
    assertThat(csv.status()).isEqualTo(200);
    String lastLine =
        csv.text()
            .lines()
            .filter(l -> l.contains("mallory") && l.contains("HYPERLINK"))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError(csv.text()));
    assertThat(lastLine).contains(",\"'-2.3\",").contains("/v1/models/=HYPERLINK");
    assertThat(csv.text().lines().findFirst().orElseThrow())
        .startsWith("id,at,actor,action,target");
    for (String line : csv.text().lines().skip(1).toList()) {
      for (String cell : line.split(",")) {
        assertThat(cell)
            .as(line)
            .doesNotStartWith("=")
            .doesNotStartWith("+")
            .doesNotStartWith("-")
            .doesNotStartWith("@");
      }
    }
  }

  @Test
  void badPagingParametersGetClearErrors() {
    Http.Response response = http.get("/v1/audit?limit=0");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.message()).contains("'limit'").contains("1 to 1000");
  }
}
