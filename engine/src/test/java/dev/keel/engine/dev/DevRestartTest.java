package dev.keel.engine.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.runs.RunStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keel dev} restarted on the same data directory, as a user restarts it: a separate JVM
 * stopped with SIGTERM and started again, then killed with SIGKILL (leaving its embedded PostgreSQL
 * running) and started again at once. The user's world — datasets, models, versions, tokens,
 * deployments — is still there, the served version answers, every lifecycle and monitor runs again,
 * and a run that was in flight is INTERRUPTED with a reason and can be restarted; after the kill
 * nothing is left running.
 */
@Tag("fault")
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class DevRestartTest {

  private static final Pattern ADMIN_TOKEN = Pattern.compile("admin token +(keel_\\S+)");
  private static final Duration START = Duration.ofSeconds(180);
  private static final Duration RUN = Duration.ofSeconds(180);
  private static final String AUTO = "restart-auto";
  private static final String MANUAL = "restart-manual";
  private static final String AWAITING = "AWAITING_APPROVAL";
  private static final Map<String, Object> CUSTOMER =
      Map.of(
          "tenure_months",
          3,
          "monthly_charges",
          95.5,
          "contract",
          "month-to-month",
          "support_calls",
          4,
          "payment_method",
          "invoice",
          "age",
          30);

  @TempDir Path work;
  private Process keel;

  @AfterEach
  void stop() throws InterruptedException {
    if (keel != null && keel.isAlive()) {
      keel.destroy();
      if (!keel.waitFor(60, TimeUnit.SECONDS)) {
        keel.destroyForcibly();
      }
    }
  }

  @Test
  void theWorldSurvivesARestartAndAKill() throws Exception {
    Path data = work.resolve("data");
    Started first = start(data, "first");

    // the world: a dataset, a served model, a model whose run waits for a person, a user's token
    Http admin = first.api();
    Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
    Files.write(elsewhere.resolve("more.csv"), DemoData.churn(100, 5));
    Http.Response refused =
        admin.postJson(
            "/v1/datasets",
            Map.of("name", "more", "source", elsewhere.resolve("more.csv").toUri().toString()));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.message())
        .as("a dev-mode user is told the flag, not a setting")
        .contains("--allow-dir");
    assertThat(admin.post("/v1/datasets?name=churn", "text/csv", DemoData.churn(600, 11)).status())
        .isEqualTo(201);
    assertThat(admin.postJson("/v1/models", definition(AUTO, "auto")).status()).isEqualTo(201);
    assertThat(admin.postJson("/v1/models", definition(MANUAL, "manual")).status()).isEqualTo(201);
    String served = startRun(admin, AUTO);
    assertThat(
            admin
                .await("/v1/runs/" + served, r -> ended(r.json()), RUN)
                .json()
                .path("status")
                .asText())
        .isEqualTo("SUCCEEDED");
    Http client = admin.serving(AUTO);
    assertThat(
            client
                .postJson("/v1/models/" + AUTO + "/predict", Map.of("instances", List.of(CUSTOMER)))
                .status())
        .isEqualTo(200);
    Http viewer = admin.user("restart-viewer", "viewer");
    String waiting = startRun(admin, MANUAL);
    assertThat(
            admin
                .await(
                    "/v1/runs/" + waiting,
                    r -> AWAITING.equals(r.json().path("status").asText()),
                    RUN)
                .json()
                .path("status")
                .asText())
        .isEqualTo(AWAITING);

    // a clean restart
    first.process().destroy();
    assertThat(first.process().waitFor(90, TimeUnit.SECONDS))
        .as("keel dev stops on SIGTERM")
        .isTrue();
    Started second = start(data, "second");
    assertThat(second.adminToken())
        .as("the admin token is kept in the data directory")
        .isEqualTo(first.adminToken());
    assertThat(second.log()).contains("the same token at every start on this data directory");
    Http again = second.api();
    theWorldIsThere(again, client.on(second.base()), viewer.on(second.base()));
    JsonNode interrupted = again.await("/v1/runs/" + waiting, r -> ended(r.json()), RUN).json();
    assertThat(interrupted.path("status").asText()).isEqualTo("INTERRUPTED");
    assertThat(interrupted.path("error").asText())
        .contains("restarted")
        .contains("/v1/runs/" + waiting + "/restart");

    // the interrupted run starts again with the same inputs
    Http.Response restarted = again.request("POST", "/v1/runs/" + waiting + "/restart", null);
    assertThat(restarted.status()).as(restarted.text()).isEqualTo(202);
    String rerun = restarted.json().path("id").asText();
    assertThat(rerun).isNotEqualTo(waiting);
    assertThat(restarted.json().path("dataset")).isEqualTo(interrupted.path("dataset"));
    assertThat(again.request("POST", "/v1/runs/" + rerun + "/restart", null).status())
        .as("a run in flight cannot be restarted")
        .isEqualTo(409);
    assertThat(
            again
                .await(
                    "/v1/runs/" + rerun,
                    r -> AWAITING.equals(r.json().path("status").asText()),
                    RUN)
                .json()
                .path("stage")
                .asText())
        .isEqualTo("approve");

    // a crash: the JVM is killed, its PostgreSQL keeps running; the next start works the first time
    second.process().destroyForcibly();
    assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(data.resolve("postgres").resolve("postmaster.pid")))
        .as("the killed JVM left its PostgreSQL running")
        .isTrue();
    Started third = start(data, "third", "--allow-dir", elsewhere.toString());
    assertThat(third.log()).containsOnlyOnce("keel: stopping PostgreSQL");
    Http after = third.api();
    theWorldIsThere(after, client.on(third.base()), viewer.on(third.base()));
    assertThat(
            after
                .postJson(
                    "/v1/datasets",
                    Map.of(
                        "name", "more", "source", elsewhere.resolve("more.csv").toUri().toString()))
                .status())
        .as("--allow-dir")
        .isEqualTo(201);
    assertThat(
            after
                .await("/v1/runs/" + rerun, r -> ended(r.json()), RUN)
                .json()
                .path("status")
                .asText())
        .isEqualTo("INTERRUPTED");
    nothingIsLeftRunning(after);
  }

  /**
   * After the kill and restart, every run the API lists has ended (SUCCEEDED, INTERRUPTED, ...),
   * none RUNNING.
   */
  private static void nothingIsLeftRunning(Http admin) {
    for (String model : List.of(AUTO, MANUAL)) {
      JsonNode runs =
          admin
              .await(
                  "/v1/models/" + model + "/runs",
                  r -> {
                    for (JsonNode run : r.json().path("runs")) {
                      if (RunStatus.inFlight(run.path("status").asText())) {
                        return false;
                      }
                    }
                    return true;
                  },
                  RUN)
              .json()
              .path("runs");
      assertThat(runs).as("runs of %s", model).isNotEmpty();
      for (JsonNode run : runs) {
        assertThat(RunStatus.valueOf(run.path("status").asText()).ended())
            .as("run %s of %s after the kill: %s", run.path("id").asText(), model, run)
            .isTrue();
      }
    }
  }

  /**
   * What a user finds after a restart: everything stored, the served version answering, the
   * workflows running.
   */
  private static void theWorldIsThere(Http admin, Http client, Http viewer) {
    assertThat(admin.get("/v1/datasets").text()).contains("\"churn\"");
    JsonNode model =
        admin
            .await(
                "/v1/models/" + AUTO,
                r ->
                    "RUNNING"
                        .equals(
                            r.json().path("lifecycle").path("workflows").path("monitor").asText()),
                RUN)
            .json();
    assertThat(model.path("versions").asInt()).isEqualTo(1);
    assertThat(model.path("lifecycle").path("workflows").path("lifecycle").asText())
        .isEqualTo("RUNNING");
    assertThat(model.path("lifecycle").path("workflows").path("monitor").asText())
        .isEqualTo("RUNNING");
    assertThat(
            admin
                .await(
                    "/v1/models/" + MANUAL,
                    r ->
                        "RUNNING"
                            .equals(
                                r.json()
                                    .path("lifecycle")
                                    .path("workflows")
                                    .path("lifecycle")
                                    .asText()),
                    RUN)
                .json()
                .path("lifecycle")
                .path("workflows")
                .path("lifecycle")
                .asText())
        .isEqualTo("RUNNING");
    assertThat(
            admin
                .get("/v1/models/" + AUTO + "/deployments")
                .json()
                .path("state")
                .path("version")
                .asInt())
        .isEqualTo(1);
    assertThat(viewer.get("/v1/me").status())
        .as("a user's token still authenticates")
        .isEqualTo(200);
    assertThat(admin.get("/v1/tokens").text()).contains("restart-viewer");
    Http.Response answer =
        client.postJson("/v1/models/" + AUTO + "/predict", Map.of("instances", List.of(CUSTOMER)));
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.json().path("modelVersion").asInt()).isEqualTo(1);
  }

  private static String startRun(Http admin, String model) {
    Http.Response started =
        admin.postJson("/v1/models/" + model + "/runs", Map.of("dataset", "churn"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    return started.json().path("id").asText();
  }

  private static boolean ended(JsonNode run) {
    return run != null && !run.path("endedAt").isMissingNode() && !run.path("endedAt").isNull();
  }

  private static Map<String, Object> definition(String name, String approval) {
    return Map.of(
        "name",
        name,
        "task",
        "classification",
        "target",
        "churned",
        "positiveClass",
        "yes",
        "exclude",
        List.of("customer_id"),
        "trainer",
        Map.of("algorithm", "cart", "params", Map.of("maxDepth", 4)),
        "release",
        Map.of("approval", approval));
  }

  /**
   * A started {@code keel dev}: its process, where its API is, the admin token it printed and its
   * log.
   */
  private record Started(Process process, String base, String adminToken, Path logFile) {
    Http api() {
      return new Http(base).as(adminToken);
    }

    String log() {
      try {
        return Files.readString(logFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private Started start(Path data, String name, String... flags)
      throws IOException, InterruptedException {
    int port = freePair();
    Path log = work.resolve(name + ".log");
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "dev",
                "--port",
                Integer.toString(port),
                "--temporal-port",
                Integer.toString(TestStack.freePort()),
                "--data-dir",
                data.toString()));
    args.addAll(List.of(flags));
    keel = TestStack.keelProcess(log, args.toArray(String[]::new));
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      Matcher token = ADMIN_TOKEN.matcher(text);
      if (text.contains("Keel is up") && token.find()) {
        return new Started(keel, "http://127.0.0.1:" + port, token.group(1), log);
      }
      assertThat(keel.isAlive()).as("keel dev (%s) exited early:%n%s", name, text).isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError(
        "keel dev ("
            + name
            + ") did not start within "
            + START
            + ":\n"
            + Files.readString(log, StandardCharsets.UTF_8));
  }

  /** A free port whose successor (the admin port) is free too. */
  private static int freePair() {
    for (int i = 0; i < 50; i++) {
      int port = TestStack.freePort();
      try (java.net.ServerSocket next =
          new java.net.ServerSocket(port + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no two free consecutive ports");
  }
}
