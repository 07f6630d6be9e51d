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
  static final int BULK_CLIENTS = 8;
  private static final int SEARCH_RUNS = 1_000_000;
  private static final int SEARCH_PAGE = 100;
  private static final double PHASE_SECONDS = 3;
  private static final String SEARCH_FILTER = "metrics.rmse < 0.2";
  private static final String SEARCH_ORDER = "metrics.rmse ASC";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String api;

  /** The engine's own root, for the HTTP floor ({@code POST /v1/noop}). */
  private final String root;

  private final String token;
  private final ExecutorService httpThreads =
      Executors.newFixedThreadPool(4, TrackingBench::daemon);
  private final HttpClient http = HttpClient.newBuilder().executor(httpThreads).build();
  private final Jdbi floorJdbi;
  private final ManagedDataSource floorPool;
  private final TrackingService floor;

  private TrackingBench(String api, String jdbcUrl, String user, String token) throws Exception {
    this.api = api + "/api/2.0/mlflow";
    this.root = api;
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
      Timed http,
      Timed floor,
      Timed service,
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
        "MLflow tracking API, %d concurrent clients over HTTP; floor = one INSERT per call (autocommit) from %d "
            + "direct JDBC connections; Keel's own SQL = the same TrackingService calls on %d direct connections "
            + "(no HTTP, no auth, no audit)",
        CLIENTS, CLIENTS, CLIENTS);
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
    Timed createInsert =
        timed(
            () ->
                floorJdbi.useHandle(
                    h ->
                        h.createUpdate(
                                "INSERT INTO tracking_runs (run_uuid, experiment_id, run_name, user_id, status, "
                                    + "start_time, artifact_uri) VALUES (:id, :experiment, :name, 'bench', 'RUNNING', "
                                    + ":start, '')")
                            .bind("id", java.util.UUID.randomUUID().toString().replace("-", ""))
                            .bind("experiment", Long.parseLong(experiment))
                            .bind("name", "i" + seq.incrementAndGet())
                            .bind("start", System.currentTimeMillis())
                            .execute()));
    figures.add(
        new Figure(
            "create-run",
            createHttp,
            createInsert,
            createFloor,
            "mean <= 5 ms",
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
    Timed batchInsert = timedPerClient(c -> insertMetrics(runs.get(c), 10, step.incrementAndGet()));
    figures.add(
        new Figure(
            "log-batch, 10 metrics",
            batchHttp,
            batchInsert,
            batchFloor,
            "mean <= 5 ms",
            batchHttp.mean() <= 5,
            "Go 18 ms, Python 58 ms"));

    Timed bulkHttp =
        timedPerClient(
            BULK_CLIENTS,
            c ->
                post(
                    "/runs/log-batch",
                    Map.of(
                        "run_id",
                        runs.get(c),
                        "metrics",
                        metricsJson(1000, step.incrementAndGet()))));
    Timed bulkService =
        timedPerClient(
            BULK_CLIENTS,
            c -> floor.logBatch(runs.get(c), metrics(1000, step.incrementAndGet()), null, null));
    Timed bulkCopy =
        timedPerClient(BULK_CLIENTS, c -> copyMetrics(runs.get(c), 1000, step.incrementAndGet()));

    long seedStart = System.nanoTime();
    String searchExperiment = seed();
    double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
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
            searchHttp,
            searchFloor,
            null,
            "mean <= 100 ms, <= 1.5x floor",
            searchHttp.mean() <= 100 && searchHttp.mean() <= 1.5 * searchFloor.mean(),
            "Go 104 ms, Python 1004 ms over 100,000"));

    Timed noop =
        timed(() -> send(root + "/v1/noop", Map.of("instances", List.of(Map.of("x", 1.0)))));
    Console.say(
        "  %-30s mean %6.2f ms p99 %6.2f ms   (POST /v1/noop: authenticated, JSON in and out, no database and no "
            + "audit; measured after the phases above, warm; what HTTP alone costs at %d clients on this machine, below which no call here can go)",
        "HTTP floor (no-op)", noop.mean(), noop.p99(), CLIENTS);
    for (Figure f : figures) {
      Console.say(
          "  %-30s mean %6.2f ms p99 %6.2f ms   floor mean %6.2f ms p99 %6.2f ms   ratio %5.2f%s   (target %s; "
              + "anchors %s) %s",
          f.name(),
          f.http().mean(),
          f.http().p99(),
          f.floor().mean(),
          f.floor().p99(),
          f.http().mean() / f.floor().mean(),
          f.service() == null
              ? ""
              : String.format("   Keel's own SQL %6.2f ms", f.service().mean()),
          f.target(),
          f.anchors(),
          f.met() ? "PASS" : "MISS");
    }
    double bulkRate = bulkHttp.count() * 1000 / bulkHttp.seconds();
    double copyRate = bulkCopy.count() * 1000 / bulkCopy.seconds();
    double serviceRate = bulkService.count() * 1000 / bulkService.seconds();
    Console.say(
        "  %-30s %8.0f points/s   COPY floor %8.0f points/s   ratio %5.2f   Keel's own SQL %8.0f points/s   "
            + "(target >= 150000/s and >= 0.8x COPY; log-batch of 1000 metrics from %d clients, mean %.1f ms, p99 "
            + "%.1f ms per batch) %s",
        "bulk metric ingestion",
        bulkRate,
        copyRate,
        bulkRate / copyRate,
        serviceRate,
        BULK_CLIENTS,
        bulkHttp.mean(),
        bulkHttp.p99(),
        bulkRate >= 150_000 && bulkRate >= 0.8 * copyRate ? "PASS" : "MISS");
    Console.say(
        "  search: filter \"%s\", order_by \"%s\", max_results %d; the %d runs (2 metrics, 1 param, 1 tag "
            + "each) were seeded directly into PostgreSQL with SQL in %.1f s; its floor is Keel's search (the same SQL "
            + "and the page's hydration) called directly",
        SEARCH_FILTER, SEARCH_ORDER, SEARCH_PAGE, SEARCH_RUNS, seedSeconds);
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

  /** The floor of a log-batch: its metric rows in one multi-row INSERT, autocommit. */
  private void insertMetrics(String run, int count, long step) {
    long now = System.currentTimeMillis();
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO tracking_metrics (run_uuid, key, value, timestamp, step) VALUES ");
    for (int i = 0; i < count; i++) {
      sql.append(i == 0 ? "" : ", ")
          .append("(:run, :k")
          .append(i)
          .append(", :v")
          .append(i)
          .append(", :t, :s)");
    }
    floorJdbi.useHandle(
        h -> {
          var update =
              h.createUpdate(sql.toString()).bind("run", run).bind("t", now).bind("s", step);
          for (int i = 0; i < count; i++) {
            update.bind("k" + i, "m" + i).bind("v" + i, i * 0.5 + step);
          }
          update.execute();
        });
  }

  /** The floor of bulk ingestion: the same metric rows through PostgreSQL's COPY. */
  private void copyMetrics(String run, int count, long step) {
    long now = System.currentTimeMillis();
    StringBuilder rows = new StringBuilder(count * 64);
    for (int i = 0; i < count; i++) {
      rows.append(run)
          .append('\t')
          .append('m')
          .append(i)
          .append('\t')
          .append(i * 0.5 + step)
          .append('\t')
          .append(now)
          .append('\t')
          .append(step)
          .append('\n');
    }
    floorJdbi.useHandle(
        h -> {
          try {
            h.getConnection()
                .unwrap(org.postgresql.PGConnection.class)
                .getCopyAPI()
                .copyIn(
                    "COPY tracking_metrics (run_uuid, key, value, timestamp, step) FROM STDIN",
                    new java.io.StringReader(rows.toString()));
          } catch (java.io.IOException | java.sql.SQLException e) {
            throw new IllegalStateException("COPY of the floor's metric rows failed", e);
          }
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
    return send(api + path, body);
  }

  private JsonNode send(String url, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          url + " answered " + r.statusCode() + ": " + new String(r.body()));
    }
    return JSON.readTree(r.body());
  }

  /**
   * Operations completed, their mean and 99th-percentile latency (ms) and the phase's wall time.
   */
  private record Timed(long count, double mean, double p99, double seconds) {}

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
    return timedPerClient(CLIENTS, op);
  }

  private Timed timedPerClient(int clients, ClientOp op) throws Exception {
    phase(clients, op, 1.5);
    return phase(clients, op, PHASE_SECONDS);
  }

  private Timed phase(ClientOp op, double seconds) throws Exception {
    return phase(CLIENTS, op, seconds);
  }

  private Timed phase(int clients, ClientOp op, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients, TrackingBench::daemon);
    try {
      long started = System.nanoTime();
      long end = started + (long) (seconds * 1e9);
      List<Future<long[]>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        results.add(
            pool.submit(
                () -> {
                  long[] latencies = new long[1024];
                  int n = 0;
                  while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    op.run(client);
                    if (n == latencies.length) {
                      latencies = java.util.Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - t;
                  }
                  return java.util.Arrays.copyOf(latencies, n);
                }));
      }
      java.util.stream.LongStream.Builder latencies = java.util.stream.LongStream.builder();
      for (Future<long[]> f : results) {
        for (long l : f.get()) {
          latencies.add(l);
        }
      }
      long[] all = latencies.build().sorted().toArray();
      double wall = (System.nanoTime() - started) / 1e9;
      if (all.length == 0) {
        return new Timed(0, Double.NaN, Double.NaN, wall);
      }
      double mean = java.util.Arrays.stream(all).average().orElseThrow() / 1e6;
      double p99 = all[Math.min(all.length - 1, (int) Math.ceil(all.length * 0.99) - 1)] / 1e6;
      return new Timed(all.length, mean, p99, wall);
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
