package dev.keel.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.cli.Console;
import dev.keel.engine.dev.DemoData;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code keel bench}: starts {@code keel dev} as a user would (a child process on free loopback
 * ports, a temporary data directory) and prints, from one run, each figure beside a floor measured
 * in the same run: seconds until its API is healthy; the orchestration overhead of each pipeline
 * stage (stage wall time minus the activity's own time) against a bare one-activity Temporal
 * workflow round trip on the same server; serving figures ({@link ServingBench}); MLflow tracking
 * figures beside their PostgreSQL floor ({@link TrackingBench}); and Keel as the work grows ({@link
 * ScaleBench}): a million-row ingest, XGBoost training on it, a hundred runs at once, a thousand
 * idle models. {@code --only SECTION} runs one section.
 */
public final class BenchCommand extends Command {

  private static final List<String> COMPUTE_STAGES =
      List.of("ingest", "validate", "train", "evaluate");

  /** The sections {@code --only} can name; "all" runs every one in this order. */
  static final List<String> SECTIONS =
      List.of("all", "pipeline", "serving", "tracking", "ingest", "training", "concurrent", "idle");

  private final HttpClient http = HttpClient.newHttpClient();

  /** The admin token the benchmarked {@code keel dev} printed. */
  private String token;

  public BenchCommand() {
    super(
        "bench",
        "Measures start-up time and pipeline orchestration overhead against a bare Temporal round trip");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument("--runs")
        .type(Integer.class)
        .setDefault(20)
        .help("pipeline runs to measure");
    subparser
        .addArgument("--round-trips")
        .dest("roundTrips")
        .type(Integer.class)
        .setDefault(100)
        .help("bare workflow round trips to measure");
    subparser
        .addArgument("--durable-commits")
        .dest("durableCommits")
        .action(Arguments.storeTrue())
        .help(
            "run the benchmarked keel dev with PostgreSQL's durable default (synchronous_commit=on); "
                + "dev mode otherwise turns it off");
    subparser
        .addArgument("--jfr")
        .metavar("FILE")
        .help(
            "record the benchmarked keel dev with Java Flight Recorder (profile settings) into FILE");
    subparser
        .addArgument("--only")
        .choices(SECTIONS)
        .setDefault("all")
        .help(
            "one section: "
                + String.join(", ", SECTIONS.subList(1, SECTIONS.size()))
                + " (start-up is always "
                + "measured)");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.temporal"))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    int runs = namespace.getInt("runs");
    int roundTrips = namespace.getInt("roundTrips");
    int port = freePort();
    int temporalPort = freePort();
    Path dataDir = Files.createTempDirectory("keel-bench");
    String api = "http://127.0.0.1:" + port;
    boolean durable = namespace.getBoolean("durableCommits");
    Process dev = startDev(port, temporalPort, dataDir, durable, namespace.getString("jfr"));
    try {
      long t0 = System.nanoTime();
      awaitHealthy("http://127.0.0.1:" + (port + 1) + "/healthcheck", dev);
      double startup = (System.nanoTime() - t0) / 1e9;
      Console.say(
          "keel dev -> healthy API: %.2f s (target <= 15 s); PostgreSQL synchronous_commit=%s",
          startup, durable ? "on (durable)" : "off (dev default)");
      token = awaitToken(dataDir);
      BenchApi client = new BenchApi(api, "http://127.0.0.1:" + (port + 1), token);
      String only = namespace.getString("only");
      if (runs(only, "pipeline")) {
        Map<String, List<Long>> overhead = pipelineOverheads(client, runs);
        List<Long> bare = bareRoundTrips("127.0.0.1:" + temporalPort, roundTrips);
        report(overhead, bare, runs);
      }
      if (runs(only, "serving")) {
        if (!runs(only, "pipeline")) {
          pipelineOverheads(client, 0); // the served model
        }
        ServingBench.throughput(
            api,
            "bench",
            "{\"tenure_months\": 12, \"monthly_charges\": 70.5, "
                + "\"contract\": \"month-to-month\", \"support_calls\": 2, \"payment_method\": \"card\", \"age\": 40}",
            token);
        ServingBench.drift();
        ServingBench.driftOverLoggedPredictions(
            api, "http://127.0.0.1:" + (port + 1), "bench", token);
      }
      if (runs(only, "tracking")) {
        tracking(api, dataDir);
      }
      ScaleBench scale = new ScaleBench(client, dataDir, "127.0.0.1:" + temporalPort, dev.pid());
      if (runs(only, "ingest")) {
        scale.ingest();
      }
      if (runs(only, "training")) {
        scale.training();
      }
      if (runs(only, "concurrent")) {
        scale.concurrentRuns();
      }
      if (runs(only, "idle")) {
        scale.idle();
      }
    } finally {
      dev.destroy();
      if (!dev.waitFor(20, TimeUnit.SECONDS)) {
        dev.destroyForcibly();
      }
      deleteTree(dataDir);
    }
  }

  private static boolean runs(String only, String section) {
    return only.equals("all") || only.equals(section);
  }

  private Process startDev(int port, int temporalPort, Path dataDir, boolean durable, String jfr)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    List<String> command = new ArrayList<>(List.of(java));
    if (jfr != null) {
      command.add(
          "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
              + Path.of(jfr).toAbsolutePath());
    }
    command.addAll(
        List.of(
            "-cp",
            classpath,
            "dev.keel.engine.KeelMain",
            "dev",
            "--port",
            String.valueOf(port),
            "--temporal-port",
            String.valueOf(temporalPort),
            "--data-dir",
            dataDir.toString()));
    if (durable) {
      command.add("--durable-commits");
    }
    File log = dataDir.resolve("dev.log").toFile();
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }

  private void awaitHealthy(String url, Process dev) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!dev.isAlive()) {
        throw new IllegalStateException(
            "keel dev exited with " + dev.exitValue() + " before becoming healthy");
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("keel dev did not become healthy within 120 s");
  }

  /** The admin token {@code keel dev} prints once it is up. */
  private static String awaitToken(Path dataDir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Optional<String> token = printed(dataDir, "admin token");
      if (token.isPresent()) {
        return token.get();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("keel dev did not print an admin token");
  }

  /** The embedded PostgreSQL's JDBC URL, as {@code keel dev} prints it at start-up. */
  private static String jdbcUrl(Path dataDir) throws IOException {
    return printed(dataDir, "PostgreSQL")
        .filter(v -> v.startsWith("jdbc:"))
        .orElseThrow(() -> new IllegalStateException("keel dev did not print its PostgreSQL URL"));
  }

  /** The first word after {@code label} on a line {@code keel dev} printed, if it printed one. */
  private static Optional<String> printed(Path dataDir, String label) throws IOException {
    try (Stream<String> lines = Files.lines(dataDir.resolve("dev.log"))) {
      return lines
          .map(String::trim)
          .filter(l -> l.startsWith(label + " "))
          .map(l -> l.substring(label.length()).trim().split("\\s+")[0])
          .findFirst();
    }
  }

  private void tracking(String api, Path dataDir) throws Exception {
    TrackingBench.run(api, jdbcUrl(dataDir), "postgres", token);
  }

  /**
   * Runs the standard pipeline {@code runs} times on generated data; returns overhead (ms) per
   * stage.
   */
  private Map<String, List<Long>> pipelineOverheads(BenchApi client, int runs) throws Exception {
    client.post("/v1/datasets?name=bench", "text/csv", DemoData.churn(2000, 11));
    client.postJson(
        "/v1/models",
        Map.of(
            "name",
            "bench",
            "task",
            "classification",
            "target",
            "churned",
            "positiveClass",
            "yes",
            "exclude",
            List.of("customer_id"),
            "trainer",
            Map.of("algorithm", "logistic")));
    Map<String, List<Long>> overhead = new LinkedHashMap<>();
    for (int i = -2; i < runs; i++) { // two warm-up runs
      JsonNode run =
          client.awaitRun(
              client
                  .postJson("/v1/models/bench/runs", Map.of("dataset", "bench"))
                  .path("id")
                  .asText());
      if (!"SUCCEEDED".equals(run.path("status").asText())) {
        throw new IllegalStateException("bench run did not succeed: " + run);
      }
      if (i < 0) {
        continue;
      }
      for (JsonNode stage : run.path("stages")) {
        long wall = stage.path("endedAt").asLong() - stage.path("startedAt").asLong();
        long work = stage.path("activityMillis").asLong(0);
        overhead
            .computeIfAbsent(stage.path("name").asText(), k -> new ArrayList<>())
            .add(wall - work);
      }
    }
    return overhead;
  }

  /** Client-measured round trips of a one-activity workflow on the same Temporal server (ms). */
  private List<Long> bareRoundTrips(String target, int count) {
    try (NoopWorkflow.Server server = new NoopWorkflow.Server(target)) {
      List<Long> times = new ArrayList<>();
      for (int i = -10; i < count; i++) {
        NoopWorkflow workflow = server.workflow("bench-" + i + "-" + System.nanoTime());
        long t = System.nanoTime();
        workflow.run("x");
        if (i >= 0) {
          times.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
        }
      }
      return times;
    }
  }

  private static void report(Map<String, List<Long>> overhead, List<Long> bare, int runs) {
    double bareMean = mean(bare);
    Console.say(
        "bare one-activity workflow round trip: mean %.1f ms, median %d ms (%d round trips)",
        bareMean, median(bare), bare.size());
    Console.say("pipeline stage orchestration overhead (wall - activity), %d runs:", runs);
    List<Long> computeStages = new ArrayList<>();
    for (Map.Entry<String, List<Long>> e : overhead.entrySet()) {
      boolean register = !COMPUTE_STAGES.contains(e.getKey());
      Console.say(
          "  %-9s mean %6.1f ms  median %4d ms  ratio to bare %.2f%s",
          e.getKey(),
          mean(e.getValue()),
          median(e.getValue()),
          mean(e.getValue()) / bareMean,
          register ? "  (store and serving writes: no separate activity time)" : "");
      if (!register) {
        computeStages.addAll(e.getValue());
      }
    }
    double ratio = mean(computeStages) / bareMean;
    Console.say(
        "orchestration overhead per stage: %.1f ms; ratio to bare round trip: %.2f (target <= 2) %s",
        mean(computeStages), ratio, ratio <= 2 ? "PASS" : "MISS");
  }

  private static double mean(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket a = new ServerSocket(0)) {
        int p = a.getLocalPort();
        try (ServerSocket b = new ServerSocket(p + 1)) {
          return p; // p and p + 1 (admin) are both free
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no pair of free ports");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
