package dev.keel.engine.bench;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.cli.Console;
import dev.keel.engine.dev.DevCommand;
import dev.keel.engine.mlflow.MlflowRequests.MetricInput;
import dev.keel.engine.mlflow.TrackingService;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * MLflow tracking figures with {@value #CLIENTS} concurrent clients over HTTP, each beside its
 * floor: the same operation through Keel's own {@link TrackingService} on {@value #CLIENTS} JDBC
 * connections straight to the same PostgreSQL (the same SQL and transactions, no HTTP, no JSON).
 * Every phase is bounded in time.
 */
final class TrackingBench {

  static final int CLIENTS = 20;
  private static final int SEARCH_RUNS = 100_000;
  private static final int SEARCH_PAGE = 100;
  private static final double PHASE_SECONDS = 3;
  private static final String SEARCH_FILTER = "metrics.rmse < 0.2";
  private static final String SEARCH_ORDER = "metrics.rmse ASC";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String api;
  private final String token;
  private final ExecutorService httpThreads =
      Executors.newFixedThreadPool(4, TrackingBench::daemon);
  private final HttpClient http = HttpClient.newBuilder().executor(httpThreads).build();
  private final Jdbi floorJdbi;
  private final ManagedDataSource floorPool;
  private final TrackingService floor;

  private TrackingBench(String api, String jdbcUrl, String user, String token) throws Exception {
    this.api = api + "/api/2.0/mlflow";
    this.token = token;
    DataSourceFactory db = new DataSourceFactory();
    db.setDriverClass("org.postgresql.Driver");
    db.setUrl(jdbcUrl);
    db.setUser(user);
    db.setPassword("");
    db.setProperties(DevCommand.TUNING);
    db.setMinSize(CLIENTS);
    db.setInitialSize(CLIENTS);
    db.setMaxSize(CLIENTS);
    floorPool = db.build(new MetricRegistry(), "bench-floor");
    floorPool.start();
    floorJdbi =
        Jdbi.create(floorPool)
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());
    floor = new TrackingService(floorJdbi);
  }

  /** One measured figure: HTTP average, floor average, and the target it is held to. */
  private record Figure(
      String name,
      double httpMillis,
      double floorMillis,
      String target,
      boolean met,
      String anchors) {}

  /**
   * Measures against the engine at {@code api} and its database; {@code token} (or null) authorises
   * API calls.
   */
  static void run(String api, String jdbcUrl, String user, String token) throws Exception {
    TrackingBench bench = new TrackingBench(api, jdbcUrl, user, token);
    try {
      bench.measure();
    } finally {
      bench.floorPool.stop();
      bench.httpThreads.shutdownNow();
    }
  }

  private void measure() throws Exception {
    Console.say(
        "MLflow tracking API, %d concurrent clients over HTTP; floor = the same TrackingService SQL and "
            + "transactions on %d direct JDBC connections (no HTTP)",
        CLIENTS, CLIENTS);
    String experiment =
        post("/experiments/create", Map.of("name", "bench-tracking-" + System.nanoTime()))
            .path("experiment_id")
            .asText();
    List<Figure> figures = new ArrayList<>();
    AtomicLong seq = new AtomicLong();
    // the engine's JIT is cold just after start-up: a few seconds of the measured calls first
    String warmRun = floor.createRun(experiment, "bench", 1L, "warm-up", List.of()).info().runId();
    phase(
        c -> {
          post(
              "/runs/create",
              Map.of("experiment_id", experiment, "run_name", "w" + seq.incrementAndGet()));
          post(
              "/runs/log-batch",
              Map.of("run_id", warmRun, "metrics", metricsJson(10, seq.incrementAndGet())));
        },
        4);

    Timed createHttp =
        timed(
            () ->
                post(
                    "/runs/create",
                    Map.of(
                        "experiment_id",
                        experiment,
                        "run_name",
                        "r" + seq.incrementAndGet(),
                        "start_time",
                        System.currentTimeMillis())));
    Timed createFloor =
        timed(
            () ->
                floor.createRun(
                    experiment,
                    "bench",
                    System.currentTimeMillis(),
                    "f" + seq.incrementAndGet(),
                    List.of()));
    figures.add(
        new Figure(
            "create-run",
            createHttp.mean(),
            createFloor.mean(),
            "<= 5 ms",
            createHttp.mean() <= 5,
            "Go 14 ms, Python 25 ms"));

    List<String> runs = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      runs.add(
          floor
              .createRun(experiment, "bench", System.currentTimeMillis(), "batch-" + c, List.of())
              .info()
              .runId());
    }
    AtomicLong step = new AtomicLong();
    Timed batchHttp =
        timedPerClient(
            c ->
                post(
                    "/runs/log-batch",
                    Map.of(
                        "run_id",
                        runs.get(c),
                        "metrics",
                        metricsJson(10, step.incrementAndGet()))));
    Timed batchFloor =
        timedPerClient(
            c -> floor.logBatch(runs.get(c), metrics(10, step.incrementAndGet()), null, null));
    figures.add(
        new Figure(
            "log-batch, 10 metrics",
            batchHttp.mean(),
            batchFloor.mean(),
            "<= 5 ms",
            batchHttp.mean() <= 5,
            "Go 18 ms, Python 58 ms"));

    Timed bulkHttp =
        timedPerClient(
            c ->
                post(
                    "/runs/log-batch",
                    Map.of(
                        "run_id",
                        runs.get(c),
                        "metrics",
                        metricsJson(1000, step.incrementAndGet()))));
    Timed bulkFloor =
        timedPerClient(
            c -> floor.logBatch(runs.get(c), metrics(1000, step.incrementAndGet()), null, null));

    String searchExperiment = seed();
    Map<String, Object> search =
        Map.of(
            "experiment_ids",
            List.of(searchExperiment),
            "filter",
            SEARCH_FILTER,
            "order_by",
            List.of(SEARCH_ORDER),
            "max_results",
            SEARCH_PAGE);
    JsonNode page = post("/runs/search", search);
    if (page.path("runs").size() != SEARCH_PAGE) {
      throw new IllegalStateException(
          "search returned " + page.path("runs").size() + " runs, not " + SEARCH_PAGE);
    }
    Timed searchHttp = timed(() -> post("/runs/search", search));
    Timed searchFloor =
        timed(
            () ->
                floor.searchRuns(
                    List.of(searchExperiment),
                    SEARCH_FILTER,
                    null,
                    (long) SEARCH_PAGE,
                    List.of(SEARCH_ORDER),
                    null));
    figures.add(
        new Figure(
            "search-runs over " + SEARCH_RUNS + " runs",
            searchHttp.mean(),
            searchFloor.mean(),
            "<= 50 ms",
            searchHttp.mean() <= 50,
            "Go 104 ms, Python 1004 ms"));

    for (Figure f : figures) {
      Console.say(
          "  %-30s mean %6.2f ms   floor %6.2f ms   ratio %5.2f   (target %s; anchors %s) %s",
          f.name(),
          f.httpMillis(),
          f.floorMillis(),
          f.httpMillis() / f.floorMillis(),
          f.target(),
          f.anchors(),
          f.met() ? "PASS" : "MISS");
    }
    double bulkRate = bulkHttp.count() * 1000 / bulkHttp.seconds();
    double floorRate = bulkFloor.count() * 1000 / bulkFloor.seconds();
    Console.say(
        "  %-30s %8.0f points/s   floor %8.0f points/s   ratio %5.2f   (target >= 100000/s; log-batch of "
            + "1000 metrics, mean %.1f ms per batch) %s",
        "bulk metric ingestion",
        bulkRate,
        floorRate,
        bulkRate / floorRate,
        bulkHttp.mean(),
        bulkRate >= 100_000 ? "PASS" : "MISS");
    Console.say(
        "  search: filter \"%s\", order_by \"%s\", max_results %d; the %d runs (2 metrics, 1 param, 1 tag "
            + "each) were seeded directly into PostgreSQL with SQL",
        SEARCH_FILTER, SEARCH_ORDER, SEARCH_PAGE, SEARCH_RUNS);
    Console.say(
        "  anchors: MLflow's Go backend, 20 users on PostgreSQL: create-run 14 ms, log-batch (10) 18 ms, "
            + "search-runs 104 ms; MLflow's Python server: 25 / 58 / 1004 ms");
  }

  /**
   * Seeds {@value #SEARCH_RUNS} runs into a new experiment with set-based SQL; returns the
   * experiment id.
   */
  private String seed() {
    return floorJdbi.inTransaction(
        h -> {
          long id =
              h.createQuery(
                      "INSERT INTO tracking_experiments (name, artifact_location, creation_time, "
                          + "last_update_time) VALUES (:name, '', 0, 0) RETURNING id")
                  .bind("name", "bench-search-" + System.nanoTime())
                  .mapTo(Long.class)
                  .one();
          String runs =
              "SELECT md5(:id || '-' || i) AS run_uuid, i FROM generate_series(1, :n) AS i";
          h.createUpdate(
                  "INSERT INTO tracking_runs (run_uuid, experiment_id, run_name, user_id, status, start_time, "
                      + "end_time, artifact_uri) SELECT run_uuid, :id, 'seed-' || i, 'bench', "
                      + "CASE WHEN i % 10 = 0 THEN 'FAILED' ELSE 'FINISHED' END, 1700000000000 + i * 1000, "
                      + "1700000000000 + i * 1000 + 500, 'mlflow-artifacts:/' || :id || '/' || run_uuid FROM ("
                      + runs
                      + ") s")
              .bind("id", id)
              .bind("n", SEARCH_RUNS)
              .execute();
          h.createUpdate(
                  "INSERT INTO tracking_latest_metrics (run_uuid, key, value, timestamp, step) "
                      + "SELECT run_uuid, k, CASE WHEN k = 'rmse' THEN random() ELSE 1 - random() END, 1700000000000 + i, 9 "
                      + "FROM ("
                      + runs
                      + ") s, unnest(ARRAY['rmse', 'accuracy']) AS k")
              .bind("id", id)
              .bind("n", SEARCH_RUNS)
              .execute();
          h.createUpdate(
                  "INSERT INTO tracking_params (run_uuid, key, value) SELECT run_uuid, 'alpha', "
                      + "(i % 7 * 0.1)::text FROM ("
                      + runs
                      + ") s")
              .bind("id", id)
              .bind("n", SEARCH_RUNS)
              .execute();
          h.createUpdate(
                  "INSERT INTO tracking_tags (run_uuid, key, value) SELECT run_uuid, 'mlflow.runName', "
                      + "'seed-' || i FROM ("
                      + runs
                      + ") s")
              .bind("id", id)
              .bind("n", SEARCH_RUNS)
              .execute();
          h.execute(
              "ANALYZE tracking_runs, tracking_latest_metrics, tracking_params, tracking_tags");
          return String.valueOf(id);
        });
  }

  private static List<Map<String, Object>> metricsJson(int count, long step) {
    long now = System.currentTimeMillis();
    List<Map<String, Object>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(Map.of("key", "m" + i, "value", i * 0.5 + step, "timestamp", now, "step", step));
    }
    return out;
  }

  private static List<MetricInput> metrics(int count, long step) {
    long now = System.currentTimeMillis();
    List<MetricInput> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new MetricInput("m" + i, i * 0.5 + step, now, step));
    }
    return out;
  }

  private JsonNode post(String path, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          path + " answered " + r.statusCode() + ": " + new String(r.body()));
    }
    return JSON.readTree(r.body());
  }

  /** Operations completed, their mean latency and the phase's wall time. */
  private record Timed(long count, double mean, double seconds) {}

  private interface Op {
    void run() throws Exception;
  }

  private interface ClientOp {
    void run(int client) throws Exception;
  }

  private Timed timed(Op op) throws Exception {
    return timedPerClient(c -> op.run());
  }

  /**
   * 1.5 s of warm-up, then {@value #PHASE_SECONDS} s of {@value #CLIENTS} clients in a closed loop.
   */
  private Timed timedPerClient(ClientOp op) throws Exception {
    phase(op, 1.5);
    return phase(op, PHASE_SECONDS);
  }

  private Timed phase(ClientOp op, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS, TrackingBench::daemon);
    try {
      long started = System.nanoTime();
      long end = started + (long) (seconds * 1e9);
      List<Future<long[]>> results = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        results.add(
            pool.submit(
                () -> {
                  long n = 0;
                  long total = 0;
                  while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    op.run(client);
                    total += System.nanoTime() - t;
                    n++;
                  }
                  return new long[] {n, total};
                }));
      }
      long n = 0;
      long total = 0;
      for (Future<long[]> f : results) {
        long[] r = f.get();
        n += r[0];
        total += r[1];
      }
      return new Timed(
          n, n == 0 ? Double.NaN : total / 1e6 / n, (System.nanoTime() - started) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "tracking-bench");
    thread.setDaemon(true);
    return thread;
  }
}
