package dev.keel.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault case 3: PostgreSQL stops for about ten seconds and starts again (same port, same data
 * directory) while a pipeline run is in flight and while clients call predict. The run finishes,
 * every API answer meanwhile is a 200 or a JSON 503 saying the database is unavailable (never a
 * hang, a 500 or an HTML page), the API recovers without a restart, and every prediction answered
 * is either in the prediction log or counted as dropped.
 */
@Tag("fault")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DatabaseOutageFaultTest {

  private static final String MODEL = "outage";
  private static final String INSTANCE =
      "{\"instances\": [{\"fixed_acidity\": 7.4, \"volatile_acidity\": 0.7, "
          + "\"citric_acid\": 0, \"residual_sugar\": 1.9, \"chlorides\": 0.076, \"free_sulfur_dioxide\": 11, "
          + "\"total_sulfur_dioxide\": 34, \"density\": 0.9978, \"pH\": 3.51, \"sulphates\": 0.56, \"alcohol\": 9.4}]}";
  private static final Pattern DROPPED =
      Pattern.compile(
          "(?m)^keel_prediction_log_dropped_total\\{model=\"" + MODEL + "\",} ([0-9.eE+]+)$");

  @TempDir Path dir;
  private DbServer db;
  private DropwizardAppExtension<KeelConfiguration> app;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.after();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aDatabaseRestartDelaysButNeverBreaksRunsServingOrTheApi() throws Exception {
    db = DbServer.start(dir, "keel");
    app =
        TestStack.app(
            db.jdbcUrl("keel"), Files.createDirectories(dir.resolve("artifacts")).toString());
    app.before();
    // the engine's pool gives up on a dead database within seconds (Dropwizard's defaults wait 30
    // s)
    assertThat(app.getConfiguration().getDatabase().getMaxWaitForConnection().toSeconds())
        .isEqualTo(5);
    Http http = Http.api(app);
    assertThat(
            http.post("/v1/datasets?name=red", "text/csv", Files.readAllBytes(SharedData.redWine()))
                .status())
        .isEqualTo(201);
    Http.Response created =
        http.postJson(
            "/v1/models",
            Map.of(
                "name",
                MODEL,
                "task",
                "classification",
                "target",
                "quality",
                "binarize",
                Map.of("op", ">=", "value", 6),
                "trainer",
                Map.of("algorithm", "random-forest", "params", Map.of("trees", 150)),
                "release",
                Map.of("approval", "auto")));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(awaitRun(http, start(http))).isEqualTo("SUCCEEDED");
    DbClients predictions = new DbClients(http.base(), servingTokenOf(http));
    DbClients api = new DbClients(http.base(), TestStack.ADMIN_TOKEN);
    assertThat(predictions.post("/v1/models/" + MODEL + "/predict", INSTANCE).status())
        .isEqualTo(200);

    // clients keep calling predict and the control API through the outage
    String run = start(http);
    AtomicBoolean calling = new AtomicBoolean(true);
    AtomicBoolean down = new AtomicBoolean(false);
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<Future<?>> clients = new ArrayList<>();
    DbClients whileDown = new DbClients(http.base(), TestStack.ADMIN_TOKEN);
    for (int i = 0; i < 4; i++) {
      clients.add(
          pool.submit(
              () -> {
                while (calling.get()) {
                  predictions.post("/v1/models/" + MODEL + "/predict", INSTANCE);
                }
              }));
    }
    clients.add(
        pool.submit(
            () -> {
              List<String> paths =
                  List.of(
                      "/v1/runs/" + run,
                      "/v1/models",
                      "/v1/models/" + MODEL + "/deployments",
                      "/v1/datasets");
              for (int i = 0; calling.get(); i++) {
                DbClients.Answer a = api.get(paths.get(i % paths.size()));
                if (down.get()) {
                  whileDown
                      .counts
                      .computeIfAbsent(a.kind(), k -> new java.util.concurrent.atomic.AtomicLong())
                      .incrementAndGet();
                }
                sleep(50);
              }
            }));
    sleep(300);
    String before = http.get("/v1/runs/" + run).json().path("status").asText();
    long answeredBefore = predictions.count("200");

    db.down();
    down.set(true);
    sleep(10_000);
    long answeredWhileDown = predictions.count("200") - answeredBefore;
    long unavailableWhileDown = predictions.count("503") + whileDown.count("503");
    down.set(false);
    db.up();
    long restarted = System.nanoTime();
    double recovery = -1;
    while (System.nanoTime() - restarted < Duration.ofSeconds(60).toNanos()) {
      if (api.get("/v1/models").ok()) {
        recovery = (System.nanoTime() - restarted) / 1e9;
        break;
      }
      sleep(100);
    }
    String outcome = awaitRun(http, run);
    calling.set(false);
    for (Future<?> c : clients) {
      c.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    long answered = predictions.count("200");
    long logged = -1;
    double dropped = -1;
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      logged = logged();
      dropped = dropped(app);
      if (logged + dropped >= answered) {
        break;
      }
      sleep(200);
    }
    long predict503 = predictions.count("503");
    System.out.printf(
        "FAULT-FIGURE case=db-outage answered=%d answered_while_down=%d logged=%d dropped=%.0f "
            + "predict_503=%d api_503=%d api_calls=%d recovery_seconds=%.2f run=%s%n",
        answered,
        answeredWhileDown,
        logged,
        dropped,
        predict503,
        api.count("503"),
        api.total(),
        recovery,
        outcome);

    assertThat(before).as("the run was in flight when the database stopped").isEqualTo("RUNNING");
    assertThat(outcome).as(http.get("/v1/runs/" + run).text()).isIn("SUCCEEDED", "REJECTED");
    assertThat(predictions.unexpected).as("predict answers other than 200 or a JSON 503").isEmpty();
    assertThat(api.unexpected).as("API answers other than 200 or a JSON 503").isEmpty();
    assertThat(unavailableWhileDown + answeredWhileDown)
        .as("answers while the database was down")
        .isPositive();
    assertThat(recovery)
        .as("seconds until the API answered again after the restart")
        .isBetween(0.0, 60.0);
    assertThat(api.get("/v1/models/" + MODEL + "/deployments").status()).isEqualTo(200);
    assertThat(logged + (long) dropped)
        .as("logged %d + dropped %.0f", logged, dropped)
        .isEqualTo(answered);
  }

  private static String servingTokenOf(Http http) {
    assertThat(http.postJson("/v1/users", Map.of("name", "svc-" + MODEL)).status()).isIn(201, 409);
    Http.Response issued =
        http.postJson(
            "/v1/tokens", Map.of("user", "svc-" + MODEL, "kind", "serving", "model", MODEL));
    assertThat(issued.status()).as(issued.text()).isEqualTo(201);
    return issued.json().path("token").asText();
  }

  private long logged() {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl("keel"), "postgres", "");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM prediction_log l JOIN models m ON m.id = l.model_id "
                    + "WHERE m.name = '"
                    + MODEL
                    + "'")) {
      r.next();
      return r.getLong(1);
    } catch (java.sql.SQLException e) {
      return -1;
    }
  }

  private static double dropped(DropwizardAppExtension<KeelConfiguration> app) {
    Matcher m = DROPPED.matcher(Http.admin(app).get("/metrics").text());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static String start(Http http) {
    Http.Response started =
        http.postJson("/v1/models/" + MODEL + "/runs", Map.of("dataset", "red"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    return started.json().path("id").asText();
  }

  private static String awaitRun(Http http, String run) {
    long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    String status = "";
    while (System.nanoTime() < end) {
      Http.Response r = http.get("/v1/runs/" + run);
      status = r.status() == 200 ? r.json().path("status").asText() : "(" + r.status() + ")";
      if (r.status() == 200 && !RunStatus.inFlight(status)) {
        return status;
      }
      sleep(200);
    }
    return status;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
