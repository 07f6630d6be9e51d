package dev.keel.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.Http;
import dev.keel.engine.KeelCluster;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.runs.RunStatus;
import dev.keel.engine.serving.ServingHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keel scaled out as in production: {@code keel db migrate}, then two {@code keel server}s and two
 * {@code keel worker}s, each its own OS process started as a user starts it with a YAML file, on
 * one Temporal service (the standalone test server) and one PostgreSQL. Pipelines run on both
 * workers, and a canary release judges the canary on the traffic of both engines.
 */
class ScaleOutTest {

  private static final Pattern ACTIVITIES =
      Pattern.compile(
          "(?m)^temporal_activity_execution_latency_seconds_count\\{[^}]*} ([0-9.eE+]+)$");
  private static final Duration RUN = Duration.ofSeconds(240);
  private static final String RED_WINE =
      "{\"instances\": [{\"fixed_acidity\": 7.4, \"volatile_acidity\": 0.7, "
          + "\"citric_acid\": 0, \"residual_sugar\": 1.9, \"chlorides\": 0.076, \"free_sulfur_dioxide\": 11, "
          + "\"total_sulfur_dioxide\": 34, \"density\": 0.9978, \"pH\": 3.51, \"sulphates\": 0.56, \"alcohol\": 9.4}]}";

  @TempDir Path dir;

  @Test
  void enginesAndWorkersShareTheWorkAndTheCanarySeesEveryEngine() throws Exception {
    try (KeelCluster cluster = new KeelCluster(dir)) {
      shareTheWork(cluster);
    }
  }

  private void shareTheWork(KeelCluster cluster) throws Exception {
    cluster.migrate();
    String database = cluster.database();
    List<KeelCluster.Engine> servers = new ArrayList<>();
    List<Http> engines = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      servers.add(cluster.server("server-" + i));
      engines.add(servers.get(i).api());
    }
    List<Process> workers = new ArrayList<>();
    List<Http> workerMetrics = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int metrics = TestStack.freePort();
      workers.add(cluster.worker("worker-" + i, metrics));
      workerMetrics.add(new Http("http://127.0.0.1:" + metrics));
    }

    Http one = engines.get(0);
    Http two = engines.get(1);
    assertThat(
            one.post("/v1/datasets?name=red", "text/csv", Files.readAllBytes(SharedData.redWine()))
                .status())
        .isEqualTo(201);
    assertThat(
            two.postJson(
                    "/v1/models",
                    model(
                        "scale",
                        cluster.computeQueue(),
                        Map.of(
                            "approval",
                            "auto",
                            "canary",
                            Map.of(
                                "share",
                                0.5,
                                "windowSeconds",
                                12,
                                "maxErrorRate",
                                0.05,
                                "maxLatencyRatio",
                                50.0))))
                .status())
        .isEqualTo(201);
    // a model has one run in flight at most: four models, for four runs at once
    for (int i = 0; i < 4; i++) {
      assertThat(
              one.postJson(
                      "/v1/models",
                      model("spread-" + i, cluster.computeQueue(), Map.of("approval", "none")))
                  .status())
          .isEqualTo(201);
    }

    // the champion, deployed directly; then runs spread over both workers
    assertThat(awaitRun(two, start(one, "scale"))).isEqualTo("SUCCEEDED");
    // started at once: each start waits for its lifecycle, and runs started one after another could
    // each end before
    // the next one's first activity, leaving every task to one worker
    List<java.util.concurrent.CompletableFuture<String>> starts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Http engine = i % 2 == 0 ? one : two;
      String name = "spread-" + i;
      starts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> start(engine, name)));
    }
    List<String> spread =
        starts.stream().map(java.util.concurrent.CompletableFuture::join).toList();
    for (String run : spread) {
      assertThat(awaitRun(one, run)).isEqualTo("SUCCEEDED");
    }
    for (int i = 0; i < 2; i++) {
      double ran = activitiesRun(workerMetrics.get(i));
      assertThat(ran)
          .as(
              "activities run by worker %d (alive: %s):%n%s%n%s",
              i,
              workers.get(i).isAlive(),
              cluster.log("worker-" + i),
              metricLines(workerMetrics.get(i)))
          .isPositive();
    }

    // a canary release while clients call both engines
    Http clientOne = one.serving("scale");
    Http clientTwo = clientOne.on(two.base());
    String candidate = start(two, "scale");
    AtomicBoolean releasing = new AtomicBoolean(true);
    AtomicLong canaryAnswers = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> clients = new ArrayList<>();
    for (Http client : List.of(clientOne, clientTwo)) {
      clients.add(
          pool.submit(
              () -> {
                long end = System.nanoTime() + RUN.toNanos();
                while (releasing.get() && System.nanoTime() < end) {
                  Http.Response r = client.postJson("/v1/models/scale/predict", RED_WINE);
                  if (r.status() != 200) {
                    failures.incrementAndGet();
                  } else if (r.json().path("modelVersion").asInt() == 2) {
                    canaryAnswers.incrementAndGet();
                  }
                }
              }));
    }
    String outcome = awaitRun(one, candidate);
    Thread.sleep(500); // let the answers of the last window land
    releasing.set(false);
    for (Future<?> c : clients) {
      c.get();
    }
    pool.shutdown();
    assertThat(outcome).as(one.get("/v1/runs/" + candidate).text()).isEqualTo("SUCCEEDED");
    assertThat(failures.get()).isZero();
    assertThat(one.get("/v1/models/scale/deployments").json().path("state").path("version").asInt())
        .isEqualTo(2);

    // what the canary check reads: both engines' counts of the canary version, summing to every
    // answer it gave
    for (KeelCluster.Engine engine : servers) {
      engine.process().destroy(); // a stopping engine writes its last counts
      assertThat(engine.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    Jdbi jdbi =
        Jdbi.create(database, "postgres", "")
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());
    int engines2 =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT count(DISTINCT engine) FROM serving_health h JOIN models m ON m.id = h.model_id "
                            + "WHERE m.name = 'scale' AND h.version = 2")
                    .mapTo(Integer.class)
                    .one());
    assertThat(engines2).as("engines that served the canary").isEqualTo(2);
    ServingHealth.VersionHealth canary =
        new ServingHealth(jdbi, 1000).health("scale", Duration.ofMinutes(30)).get(2);
    assertThat(canary.requests()).isEqualTo(canaryAnswers.get()).isPositive();
  }

  private static Map<String, Object> model(
      String name, String computeQueue, Map<String, Object> release) {
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
        computeQueue,
        "release",
        release);
  }

  private static String start(Http engine, String model) {
    Http.Response started =
        engine.postJson("/v1/models/" + model + "/runs", Map.of("dataset", "red"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    return started.json().path("id").asText();
  }

  private static String awaitRun(Http engine, String run) {
    return engine
        .await("/v1/runs/" + run, r -> !RunStatus.inFlight(r.json().path("status").asText()), RUN)
        .json()
        .path("status")
        .asText();
  }

  private static List<String> metricLines(Http worker) {
    try {
      return worker.get("/metrics").text().lines().filter(l -> l.contains("activit")).toList();
    } catch (java.io.UncheckedIOException e) {
      return List.of("(metrics endpoint does not answer: " + e.getCause() + ")");
    }
  }

  /** Activities the worker ran, from its Prometheus endpoint; -1 when it does not answer. */
  private static double activitiesRun(Http worker) {
    String metrics;
    try {
      metrics = worker.get("/metrics").text();
    } catch (java.io.UncheckedIOException e) {
      return -1;
    }
    Matcher m = ACTIVITIES.matcher(metrics);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return total;
  }
}
