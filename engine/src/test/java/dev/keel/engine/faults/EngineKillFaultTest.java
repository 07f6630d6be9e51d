package dev.keel.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelCluster;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.runs.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keel server} killed with SIGKILL and started again while runs depend on it: a run waiting
 * for a person's approval still waits, is approved by another user and deploys; a canary release
 * killed in its window ends as a promotion or a rollback, and serving answers with the one version
 * the deployment state names.
 */
@Tag("fault")
class EngineKillFaultTest {

  private static final Duration RUN = Duration.ofMinutes(2);
  private static final String RED_WINE =
      "{\"instances\": [{\"fixed_acidity\": 7.4, \"volatile_acidity\": 0.7, "
          + "\"citric_acid\": 0, \"residual_sugar\": 1.9, \"chlorides\": 0.076, \"free_sulfur_dioxide\": 11, "
          + "\"total_sulfur_dioxide\": 34, \"density\": 0.9978, \"pH\": 3.51, \"sulphates\": 0.56, \"alcohol\": 9.4}]}";

  @TempDir Path dir;

  @Test
  void runsWaitingForAPersonOrInACanarySurviveAnEngineKill() {
    assertTimeoutPreemptively(Duration.ofMinutes(8), this::killTheEngineTwice);
  }

  private void killTheEngineTwice() throws Exception {
    try (KeelCluster cluster = new KeelCluster(dir)) {
      cluster.migrate();
      KeelCluster.Engine engine = cluster.server("server-1");
      cluster.worker("worker", TestStack.freePort());
      Http api = engine.api();
      assertThat(
              api.post(
                      "/v1/datasets?name=red", "text/csv", Files.readAllBytes(SharedData.redWine()))
                  .status())
          .isEqualTo(201);
      assertThat(
              api.postJson("/v1/models", model("gate", cluster, Map.of("approval", "manual")))
                  .status())
          .isEqualTo(201);
      assertThat(
              api.postJson(
                      "/v1/models",
                      model(
                          "bird",
                          cluster,
                          Map.of(
                              "approval",
                              "auto",
                              "canary",
                              Map.of(
                                  "share",
                                  0.5,
                                  "windowSeconds",
                                  8,
                                  "maxErrorRate",
                                  0.05,
                                  "maxLatencyRatio",
                                  50.0))))
                  .status())
          .isEqualTo(201);
      Http approver = api.user("alice", "approver");
      Http gateClient = api.serving("gate");
      Http birdClient = api.serving("bird");

      // 1. killed while a run awaits approval
      String waiting = start(api, "gate");
      assertThat(
              api.await("/v1/runs/" + waiting, r -> "AWAITING_APPROVAL".equals(status(r)), RUN)
                  .json()
                  .path("status")
                  .asText())
          .isEqualTo("AWAITING_APPROVAL");
      engine = killAndRestart(cluster, engine, "server-2", "awaiting approval");
      assertThat(status(api.get("/v1/runs/" + waiting)))
          .as("after the restart")
          .isEqualTo("AWAITING_APPROVAL");
      assertThat(
              api.postJson("/v1/runs/" + waiting + "/approval", Map.of("decision", "approve"))
                  .status())
          .as("the registrant may not approve its own candidate")
          .isEqualTo(403);
      Http.Response approved =
          approver.postJson(
              "/v1/runs/" + waiting + "/approval",
              Map.of("decision", "approve", "comment", "checked after the crash"));
      assertThat(approved.status()).as(approved.text()).isEqualTo(200);
      assertThat(status(awaitEnd(api, waiting))).isEqualTo("SUCCEEDED");
      Http.Response served = gateClient.postJson("/v1/models/gate/predict", RED_WINE);
      assertThat(served.status()).as(served.text()).isEqualTo(200);
      assertThat(served.json().path("modelVersion").asInt()).isEqualTo(1);

      // 2. killed in a canary window: a champion first, then a candidate on half of the traffic
      assertThat(status(awaitEnd(api, start(api, "bird")))).isEqualTo("SUCCEEDED");
      String candidate = start(api, "bird");
      JsonNode canary =
          api.await(
                  "/v1/models/bird/deployments",
                  r ->
                      r.json().path("state").path("canaryVersion").asInt() == 2
                          || !RunStatus.inFlight(status(api.get("/v1/runs/" + candidate))),
                  RUN)
              .json();
      assertThat(canary.path("state").path("canaryVersion").asInt())
          .as("the canary is on: %s", canary)
          .isEqualTo(2);
      engine = killAndRestart(cluster, engine, "server-3", "in a canary window");
      JsonNode ended = awaitEnd(api, candidate);
      assertThat(status(ended)).as(ended.toString()).isIn("SUCCEEDED", "ROLLED_BACK");
      JsonNode state = api.get("/v1/models/bird/deployments").json().path("state");
      assertThat(state.hasNonNull("canaryVersion")).as("a canary left: %s", state).isFalse();
      int expected = "SUCCEEDED".equals(status(ended)) ? 2 : 1;
      assertThat(state.path("version").asInt()).isEqualTo(expected);
      for (int i = 0; i < 20; i++) {
        Http.Response answer = birdClient.postJson("/v1/models/bird/predict", RED_WINE);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().path("modelVersion").asInt())
            .as("every answer from the served version")
            .isEqualTo(expected);
      }
      System.out.println(
          "FAULT-FIGURE engine-kill canary outcome after restart: "
              + status(ended)
              + " (version "
              + expected
              + " served)");
    }
  }

  /**
   * {@code kill -9} of the engine, then the same engine started again; prints how long it took to
   * answer.
   */
  private static KeelCluster.Engine killAndRestart(
      KeelCluster cluster, KeelCluster.Engine engine, String name, String when) throws Exception {
    KeelCluster.kill(engine.process());
    long restarted = System.nanoTime();
    KeelCluster.Engine again = cluster.restart(engine, name);
    System.out.println(
        "FAULT-FIGURE engine-kill restart-to-ready ("
            + when
            + ", keel server start -> API answers) "
            + (System.nanoTime() - restarted) / 1_000_000
            + " ms");
    return again;
  }

  private static Map<String, Object> model(
      String name, KeelCluster cluster, Map<String, Object> release) {
    return Map.of(
        "name",
        name,
        "task",
        "classification",
        "target",
        "quality",
        "binarize",
        Map.of("op", ">=", "value", 6),
        "trainer",
        Map.of("algorithm", "cart"),
        "computeQueue",
        cluster.computeQueue(),
        "release",
        release);
  }

  private static String start(Http api, String model) {
    Http.Response started = api.postJson("/v1/models/" + model + "/runs", Map.of("dataset", "red"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    return started.json().path("id").asText();
  }

  private static JsonNode awaitEnd(Http api, String run) {
    return api.await("/v1/runs/" + run, r -> !RunStatus.inFlight(status(r)), RUN).json();
  }

  private static String status(Http.Response run) {
    return run.json().path("status").asText();
  }

  private static String status(JsonNode run) {
    return run.path("status").asText();
  }
}
