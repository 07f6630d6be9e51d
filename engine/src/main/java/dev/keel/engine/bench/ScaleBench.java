package dev.keel.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.keel.engine.cli.Console;
import dev.keel.engine.dev.DemoData;
import dev.keel.ml.data.CsvIngestor;
import dev.keel.ml.data.Table;
import dev.keel.ml.training.TrainingData;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.TrainerSpec;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keel as the work grows, each figure beside a floor measured in the same run: ingesting a
 * generated {@value #ROWS}-row × {@value #COLUMNS}-column CSV (floor: a plain parse of the file
 * with Jackson's CSV parser), XGBoost training on it (floor: the same Tribuo training called in
 * this process), {@value #CONCURRENT_RUNS} pipeline runs started at once (floor: as many bare
 * one-activity workflows on the same Temporal server), and {@value #IDLE_MODELS} models with
 * lifecycles, {@value #DEPLOYED} of them deployed and monitored, left idle.
 */
final class ScaleBench {

  static final int ROWS = 1_000_000;
  static final int COLUMNS = 20;
  static final int CONCURRENT_RUNS = 100;
  static final int IDLE_MODELS = 1_000;
  static final int DEPLOYED = 200;
  private static final int NUMERIC = COLUMNS - 2; // and a category and the label
  private static final String[] SEGMENTS = {"north", "south", "east", "west", "central"};
  private static final String TREES = "20";
  private static final double HOLDOUT = 0.2;
  private static final long SEED = 42;
  private static final int IDLE_SECONDS = 60;

  private final BenchApi api;
  private final Path dataDir;
  private final String temporalTarget;
  private final long enginePid;
  private Path csv;

  /** Models this bench deployed with a 10 s monitor (the concurrent section's count too). */
  private int monitored;

  ScaleBench(BenchApi api, Path dataDir, String temporalTarget, long enginePid) {
    this.api = api;
    this.dataDir = dataDir;
    this.temporalTarget = temporalTarget;
    this.enginePid = enginePid;
  }

  /** Dataset ingest of the generated CSV through the API, beside a plain parse of the same file. */
  void ingest() throws Exception {
    csv = generate(dataDir.resolve("scale.csv"));
    long bytes = Files.size(csv);
    double plain = Double.MAX_VALUE;
    for (int i = 0; i < 2; i++) { // the first parse warms the JIT and the page cache
      plain = Math.min(plain, plainParseSeconds(csv));
    }
    HeapSampler heap = new HeapSampler(api);
    long t = System.nanoTime();
    JsonNode version = api.postFile("/v1/datasets?name=scale", "text/csv", csv);
    double keel = (System.nanoTime() - t) / 1e9;
    heap.stop();
    Console.say(
        "dataset ingest, %,d rows x %d columns (%.0f MB, generated): Keel %.2f s (%.0f rows/s), plain parse "
            + "%.2f s; ratio (plain / Keel) %.2f (target >= 0.5) %s; engine heap peak %.0f MB (from %.0f MB before)",
        ROWS,
        COLUMNS,
        bytes / 1e6,
        keel,
        ROWS / keel,
        plain,
        plain / keel,
        plain / keel >= 0.5 ? "PASS" : "MISS",
        heap.peak() / 1e6,
        heap.first() / 1e6);
    if (version.path("rows").asLong(ROWS) != ROWS) {
      throw new IllegalStateException(
          "Keel ingested " + version.path("rows") + " rows, not " + ROWS);
    }
  }

  /**
   * XGBoost's train stage on the ingested dataset, beside the same training called directly here.
   */
  void training() throws Exception {
    if (csv == null) {
      Console.say("training needs the ingested dataset: ingesting it first");
      ingest();
    }
    api.postJson(
        "/v1/models",
        Map.of(
            "name",
            "scale-xgboost",
            "task",
            ModelSpec.CLASSIFICATION,
            "target",
            "label",
            "positiveClass",
            "yes",
            "trainer",
            Map.of("algorithm", "xgboost", "params", Map.of("trees", TREES)),
            "holdoutFraction",
            HOLDOUT,
            "seed",
            SEED,
            "dataset",
            "scale"));
    String id =
        api.postJson("/v1/models/scale-xgboost/runs", Map.of("dataset", "scale"))
            .path("id")
            .asText();
    JsonNode run = api.awaitRun(id);
    if (!"SUCCEEDED".equals(run.path("status").asText())) {
      throw new IllegalStateException("the XGBoost run did not succeed: " + run);
    }
    JsonNode train = null;
    for (JsonNode stage : run.path("stages")) {
      if ("train".equals(stage.path("name").asText())) {
        train = stage;
      }
    }
    double stage = (train.path("endedAt").asLong() - train.path("startedAt").asLong()) / 1e3;

    ModelSpec spec =
        new ModelSpec(
            ModelSpec.CLASSIFICATION,
            "label",
            null,
            "yes",
            List.of(),
            new TrainerSpec("xgboost", Map.of("trees", TREES)),
            List.of(),
            null,
            HOLDOUT,
            SEED,
            false);
    Table table;
    try (InputStream in = Files.newInputStream(csv)) {
      table = new CsvIngestor().ingest(in).table();
    }
    long t = System.nanoTime();
    TrainingData<?> data = TrainingData.of(table, spec);
    data.fit(spec, "bench"); // what the train activity does once the data is loaded
    double direct = (System.nanoTime() - t) / 1e9;
    Console.say(
        "XGBoost training (%s trees) on %,d rows: train stage %.2f s (its activity %.2f s), the same Tribuo "
            + "training called directly %.2f s; ratio %.2f (target <= 1.15) %s",
        TREES,
        data.train().size(),
        stage,
        train.path("activityMillis").asLong() / 1e3,
        direct,
        stage / direct,
        stage / direct <= 1.15 ? "PASS" : "MISS");
  }

  /**
   * {@value #CONCURRENT_RUNS} runs of as many small models started at once, beside as many bare
   * workflows.
   */
  void concurrentRuns() throws Exception {
    api.post("/v1/datasets?name=scale-small", "text/csv", DemoData.churn(500, 5));
    List<String> models = createModels("scale-c-", CONCURRENT_RUNS, true);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      long t = System.nanoTime();
      List<Future<String>> started = new ArrayList<>();
      AtomicLong retried = new AtomicLong();
      for (String model : models) {
        started.add(pool.submit(() -> startRetrying503(model, "scale-small", retried)));
      }
      List<Future<JsonNode>> ended = new ArrayList<>();
      for (Future<String> id : started) {
        String runId = id.get();
        ended.add(pool.submit(() -> api.awaitRun(runId)));
      }
      int failed = 0;
      for (Future<JsonNode> run : ended) {
        if (!"SUCCEEDED".equals(run.get().path("status").asText())) {
          if (failed++ < 3) {
            Console.say("  a run did not succeed: %s", run.get());
          }
        }
      }
      monitored += CONCURRENT_RUNS - failed;
      double keel = (System.nanoTime() - t) / 1e9;
      double bare = bareWorkflowsAtOnce(CONCURRENT_RUNS);
      Console.say(
          "%d pipeline runs started at once: all ended in %.2f s (%d failed; %d starts answered 503 and were "
              + "repeated); %d bare one-activity workflows at once on the same server %.2f s; ratio %.2f (target <= 2, no "
              + "run failed) %s",
          CONCURRENT_RUNS,
          keel,
          failed,
          retried.get(),
          CONCURRENT_RUNS,
          bare,
          keel / bare,
          keel / bare <= 2 && failed == 0 ? "PASS" : "MISS");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * {@value #IDLE_MODELS} models with their lifecycles and monitors, {@value #DEPLOYED} of them
   * trained and deployed; then the engine's heap and CPU while idle, and the monitoring checks it
   * sustains.
   */
  void idle() throws Exception {
    api.post("/v1/datasets?name=scale-idle", "text/csv", DemoData.churn(500, 6));
    List<String> deployed = createModels("scale-d-", DEPLOYED, true);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<JsonNode>> runs = new ArrayList<>();
      for (String model : deployed) {
        runs.add(
            pool.submit(
                () -> api.awaitRun(startRetrying503(model, "scale-idle", new AtomicLong()))));
      }
      for (Future<JsonNode> run : runs) {
        if (!"SUCCEEDED".equals(run.get().path("status").asText())) {
          throw new IllegalStateException(
              "a run of a deployed model did not succeed: " + run.get());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    monitored += DEPLOYED;
    createModels("scale-i-", IDLE_MODELS - DEPLOYED, false);
    Thread.sleep(15_000); // the start-up of so many lifecycles and monitors settles
    String before = api.metrics();
    long cpuBefore = cpuTicks(enginePid);
    HeapSampler heap = new HeapSampler(api);
    Thread.sleep(IDLE_SECONDS * 1000L);
    heap.stop();
    long cpu = cpuTicks(enginePid) - cpuBefore;
    String after = api.metrics();
    double checks =
        BenchApi.sample(after, "keel_drift_checks_total", null)
            - BenchApi.sample(before, "keel_drift_checks_total", null);
    // a monitor starts when a model is first deployed (LifecycleService.ensureMonitor): only the
    // deployed models are checked, each once per interval
    double expected = monitored / 10.0;
    double perSecond = checks / IDLE_SECONDS;
    Console.say(
        "%,d models with lifecycles, %d deployed with monitors (checked every %d s), idle for %d s: engine "
            + "heap mean %.0f MB (peak %.0f MB), engine CPU %.1f%% of one core; monitoring checks %.1f/s sustained "
            + "(%.0f/s expected: one per deployed model per interval, %d models deployed by this bench with 10 s "
            + "checks; undeployed models have no monitor) %s",
        IDLE_MODELS,
        DEPLOYED,
        10,
        IDLE_SECONDS,
        heap.mean() / 1e6,
        heap.peak() / 1e6,
        cpu / (double) IDLE_SECONDS,
        perSecond,
        expected,
        monitored,
        perSecond >= 0.95 * expected ? "PASS" : "MISS");
  }

  /**
   * Starts a run of {@code model}, repeating a start refused with 503 (as a client honouring
   * Retry-After does).
   */
  private String startRetrying503(String model, String dataset, AtomicLong retried)
      throws Exception {
    String key = "bench-" + model + "-" + System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        return api.postJsonOnce("/v1/models/" + model + "/runs", Map.of("dataset", dataset), key)
            .path("id")
            .asText();
      } catch (BenchApi.Refused e) {
        if (e.status != 503 || attempt == 5) {
          throw e;
        }
        if (retried.incrementAndGet() == 1) {
          Console.say(
              "  first 503 of a run start (repeated with the same Idempotency-Key): %s",
              e.getMessage());
        }
        Thread.sleep(1_000);
      }
    }
  }

  /**
   * Creates {@code count} small models named {@code prefix}NNN, checked every 10 s, deployed on
   * success if asked.
   */
  private List<String> createModels(String prefix, int count, boolean release) throws Exception {
    List<String> names = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String name = String.format("%s%04d", prefix, i);
        names.add(name);
        Map<String, Object> definition =
            new java.util.LinkedHashMap<>(
                Map.of(
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
                    Map.of("algorithm", "logistic"),
                    "monitoring",
                    Map.of("intervalSeconds", 10)));
        if (release) {
          definition.put("release", Map.of("approval", "auto"));
        }
        created.add(pool.submit(() -> api.postJson("/v1/models", definition)));
      }
      for (Future<?> f : created) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return names;
  }

  /** Seconds until {@code count} one-activity workflows started together have all completed. */
  private double bareWorkflowsAtOnce(int count) {
    try (NoopWorkflow.Server server = new NoopWorkflow.Server(temporalTarget)) {
      long t = System.nanoTime();
      List<WorkflowStub> started = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        NoopWorkflow workflow = server.workflow("scale-bare-" + i + "-" + System.nanoTime());
        WorkflowClient.start(workflow::run, "x");
        started.add(WorkflowStub.fromTyped(workflow));
      }
      for (WorkflowStub stub : started) {
        stub.getResult(String.class);
      }
      return (System.nanoTime() - t) / 1e9;
    }
  }

  /**
   * {@value #ROWS} rows: {@value #NUMERIC} numeric features with three decimals, a five-valued
   * category and a yes/no label that depends on two features, from a fixed seed.
   */
  static Path generate(Path file) throws IOException {
    SplittableRandom random = new SplittableRandom(20261204);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder(256);
      for (int c = 1; c <= NUMERIC; c++) {
        line.append('f').append(c < 10 ? "0" : "").append(c).append(',');
      }
      out.append(line).append("segment,label\n");
      long[] values = new long[NUMERIC];
      for (int r = 0; r < ROWS; r++) {
        line.setLength(0);
        for (int c = 0; c < NUMERIC; c++) {
          values[c] = random.nextLong(1_000_000); // 0.000 to 999.999
          line.append(values[c] / 1000).append('.');
          long frac = values[c] % 1000;
          line.append(frac < 100 ? (frac < 10 ? "00" : "0") : "").append(frac).append(',');
        }
        boolean yes = values[0] - values[1] + random.nextLong(400_000) > 200_000;
        line.append(SEGMENTS[random.nextInt(SEGMENTS.length)])
            .append(',')
            .append(yes ? "yes" : "no")
            .append('\n');
        out.append(line);
      }
    }
    return file;
  }

  /**
   * A plain parse of the file into typed columns with Jackson's CSV parser: no profiling, no
   * checks.
   */
  static double plainParseSeconds(Path file) throws IOException {
    long t = System.nanoTime();
    double[][] numeric = new double[NUMERIC][ROWS];
    String[] segment = new String[ROWS];
    String[] label = new String[ROWS];
    CsvMapper mapper = new CsvMapper();
    try (MappingIterator<String[]> rows =
        mapper
            .readerForArrayOf(String.class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY)
            .readValues(file.toFile())) {
      rows.next(); // header
      int r = 0;
      while (rows.hasNext()) {
        String[] row = rows.next();
        for (int c = 0; c < NUMERIC; c++) {
          numeric[c][r] = Double.parseDouble(row[c]);
        }
        segment[r] = row[NUMERIC].intern();
        label[r] = row[NUMERIC + 1].intern();
        r++;
      }
      if (r != ROWS) {
        throw new IllegalStateException("plain parse read " + r + " rows, not " + ROWS);
      }
    }
    return (System.nanoTime() - t) / 1e9;
  }

  /**
   * User plus system CPU time of process {@code pid} in hundredths of a second (Linux clock ticks).
   */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11])
        + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
  }

  /** Samples the engine's heap from its metrics every 200 ms until stopped. */
  private static final class HeapSampler {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong first = new AtomicLong(-1);
    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;

    HeapSampler(BenchApi api) {
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    long used =
                        (long)
                            BenchApi.sample(
                                api.metrics(), "jvm_memory_bytes_used", "area=\"heap\"");
                    first.compareAndSet(-1, used);
                    peak.accumulateAndGet(used, Math::max);
                    sum.addAndGet(used);
                    samples.incrementAndGet();
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    // a sample missed while the engine is busy; the next one counts
                  }
                }
              },
              "bench-heap");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.interrupt();
      thread.join(5_000);
    }

    double peak() {
      return peak.get();
    }

    double first() {
      return first.get();
    }

    double mean() {
      return samples.get() == 0 ? Double.NaN : sum.get() / (double) samples.get();
    }
  }
}
