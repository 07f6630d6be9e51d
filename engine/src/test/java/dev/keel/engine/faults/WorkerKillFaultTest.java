package dev.keel.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelCluster;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.runs.RunStatus;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compute worker killed with SIGKILL in the middle of a training, with a second worker polling
 * the same queue: the training's heartbeats stop, Temporal retries it on the other worker after
 * {@code worker.heartbeatTimeout} (short here), the run succeeds, exactly one version is registered
 * for it, and its train stage shows the second attempt.
 */
@Tag("fault")
class WorkerKillFaultTest {

  private static final Duration HEARTBEAT = Duration.ofSeconds(5);
  private static final Pattern BUSY_SLOTS =
      Pattern.compile("(?m)^temporal_worker_task_slots_used\\{([^}]*)} ([0-9.eE+]+)$");

  @TempDir Path dir;

  @Test
  void aKilledWorkersTrainingIsRetriedOnTheOtherWorker() {
    assertTimeoutPreemptively(Duration.ofMinutes(6), this::killTheTrainingWorker);
  }

  private void killTheTrainingWorker() throws Exception {
    try (KeelCluster cluster = new KeelCluster(dir)) {
      cluster
          .workerSetting("heartbeatTimeout:")
          .workerSetting("  activities: {TrainingTrain: " + HEARTBEAT.toSeconds() + "s}");
      cluster.migrate();
      Http api = cluster.server("server").api();
      List<Process> workers = new ArrayList<>();
      List<Http> workerMetrics = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        int metrics = TestStack.freePort();
        workers.add(cluster.worker("worker-" + i, metrics));
        workerMetrics.add(new Http("http://127.0.0.1:" + metrics));
      }
      assertThat(
              api.post(
                      "/v1/datasets?name=red", "text/csv", Files.readAllBytes(SharedData.redWine()))
                  .status())
          .isEqualTo(201);
      assertThat(
              api.postJson(
                      "/v1/models",
                      Map.of(
                          "name",
                          "slow",
                          "task",
                          "classification",
                          "target",
                          "quality",
                          "binarize",
                          Map.of("op", ">=", "value", 6),
                          // many small-step boosting rounds: a training of several seconds on this
                          // machine
                          "trainer",
                          Map.of(
                              "algorithm",
                              "xgboost",
                              "params",
                              Map.of("trees", "2000", "eta", "0.01")),
                          "computeQueue",
                          cluster.computeQueue(),
                          "release",
                          Map.of("approval", "none")))
                  .status())
          .isEqualTo(201);
      Http.Response started = api.postJson("/v1/models/slow/runs", Map.of("dataset", "red"));
      assertThat(started.status()).as(started.text()).isEqualTo(202);
      String run = started.json().path("id").asText();

      // the worker whose one activity slot is taken while the run is in its train stage
      int training = -1;
      long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (training < 0 && System.nanoTime() < end) {
        if ("train".equals(api.get("/v1/runs/" + run).json().path("stage").asText())) {
          for (int i = 0; i < 2 && training < 0; i++) {
            if (busyActivitySlots(workerMetrics.get(i), cluster.computeQueue()) > 0) {
              training = i;
            }
          }
        }
        Thread.sleep(100);
      }
      assertThat(training)
          .as(
              "a worker running the train stage; run %s%n%s%n%s",
              api.get("/v1/runs/" + run).text(), cluster.log("worker-0"), cluster.log("worker-1"))
          .isNotNegative();
      Thread.sleep(1000); // well inside the training
      assertThat(api.get("/v1/runs/" + run).json().path("stage").asText())
          .as("still training")
          .isEqualTo("train");

      long killed = System.nanoTime();
      KeelCluster.kill(workers.get(training));
      JsonNode done =
          api.await(
                  "/v1/runs/" + run,
                  r -> !RunStatus.inFlight(r.json().path("status").asText()),
                  Duration.ofMinutes(3))
              .json();
      long recoveredMillis = (System.nanoTime() - killed) / 1_000_000;
      assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
      JsonNode train = stage(done, "train");
      assertThat(train.path("attempts").asInt()).as("train stage %s", train).isEqualTo(2);
      int versions = 0;
      for (JsonNode v : api.get("/v1/models/slow/versions").json().path("versions")) {
        versions += run.equals(v.path("runId").asText()) ? 1 : 0;
      }
      assertThat(versions).as("versions registered for run %s", run).isEqualTo(1);
      System.out.println(
          "FAULT-FIGURE worker-kill recovery (kill -9 of the training worker -> run SUCCEEDED) "
              + recoveredMillis
              + " ms; heartbeatTimeout "
              + HEARTBEAT.toSeconds()
              + " s; one training took "
              + train.path("activityMillis").asLong()
              + " ms");
    }
  }

  private static JsonNode stage(JsonNode run, String name) {
    for (JsonNode s : run.path("stages")) {
      if (name.equals(s.path("name").asText())) {
        return s;
      }
    }
    throw new AssertionError("no stage " + name + " in " + run);
  }

  /**
   * Activity slots in use on the worker's compute queue, from its Prometheus endpoint; 0 when it
   * does not answer.
   */
  private static double busyActivitySlots(Http worker, String queue) {
    String metrics;
    try {
      metrics = worker.get("/metrics").text();
    } catch (UncheckedIOException e) {
      return 0;
    }
    Matcher m = BUSY_SLOTS.matcher(metrics);
    double busy = 0;
    while (m.find()) {
      if (m.group(1).contains("worker_type=\"ActivityWorker\"")
          && m.group(1).contains("\"" + queue + "\"")) {
        busy += Double.parseDouble(m.group(2));
      }
    }
    return busy;
  }
}
