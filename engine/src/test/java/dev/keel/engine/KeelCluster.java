package dev.keel.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keel as in production, for tests that start and kill its processes: {@code keel db migrate},
 * {@code keel server}s and {@code keel worker}s, each a separate JVM started as a user starts it
 * with a YAML file, on one PostgreSQL database of the {@link TestStack}, its Temporal test server
 * and one artifact directory, with task queues of their own. Every process is stopped by its handle
 * when the test closes the cluster.
 */
public final class KeelCluster implements AutoCloseable {

  /** What {@code keel worker} logs once its workers poll. */
  private static final String WORKER_READY = "Keel worker polling";

  private final Path dir;
  private final String database;
  private final String suffix = "-cluster-" + System.nanoTime();
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final List<String> workerSettings = new ArrayList<>();
  private String temporalTarget;

  public KeelCluster(Path dir) {
    this.dir = dir;
    this.database = TestStack.get().newDatabase();
  }

  public String database() {
    return database;
  }

  public String computeQueue() {
    return "keel-compute" + suffix;
  }

  /**
   * Extra lines under {@code worker:} for every process started after this call (two-space
   * indented).
   */
  public KeelCluster workerSetting(String line) {
    workerSettings.add("  " + line);
    return this;
  }

  /**
   * The Temporal frontend of every process started after this call, instead of the test stack's.
   */
  public KeelCluster temporalTarget(String target) {
    this.temporalTarget = target;
    return this;
  }

  /** Runs {@code keel db migrate} and waits for it to succeed. */
  public void migrate() throws IOException, InterruptedException {
    Process migrate = start("migrate", "db", "migrate", yml("db", null, 0, 0).toString());
    if (!migrate.waitFor(120, TimeUnit.SECONDS) || migrate.exitValue() != 0) {
      throw new AssertionError("keel db migrate failed:\n" + log("migrate"));
    }
  }

  /** A started {@code keel server}: its process and its API as the bootstrap administrator. */
  public record Engine(String name, Process process, Http api, Path yml) {}

  /** Starts {@code keel server} as {@code name} on a free port and waits until its API answers. */
  public Engine server(String name) throws IOException, InterruptedException {
    int port = TestStack.freePort();
    Path yml = yml(name, "server", port, TestStack.freePort());
    return server(name, yml, port);
  }

  /**
   * Starts {@code keel server} again with the YAML file (and port) of an earlier one and waits
   * until it answers.
   */
  public Engine restart(Engine engine, String name) throws IOException, InterruptedException {
    return server(name, engine.yml(), uriPort(engine.api().base()));
  }

  private Engine server(String name, Path yml, int port) throws IOException, InterruptedException {
    Process p = start(name, "server", yml.toString());
    Http api = new Http("http://127.0.0.1:" + port).as(TestStack.ADMIN_TOKEN);
    if (!awaitUp(api, p, Duration.ofMinutes(3))) {
      throw new AssertionError("keel server " + name + " did not answer:\n" + log(name));
    }
    return new Engine(name, p, api, yml);
  }

  /**
   * Starts {@code keel worker} as {@code name} with its metrics endpoint on {@code metricsPort} and
   * waits until it polls its queues.
   */
  public Process worker(String name, int metricsPort) throws IOException, InterruptedException {
    Process p = startWorker(name, metricsPort);
    awaitWorkerPolling(name, p, Duration.ofMinutes(2));
    return p;
  }

  /** Starts {@code keel worker} as {@code name} without waiting for it. */
  public Process startWorker(String name, int metricsPort) throws IOException {
    return start(name, "worker", yml(name, "worker", 0, metricsPort).toString());
  }

  /** Waits until worker {@code name} polls its queues. */
  public void awaitWorkerPolling(String name, Process p, Duration deadline)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!log(name).contains(WORKER_READY)) {
      if (!p.isAlive() || System.nanoTime() > end) {
        throw new AssertionError(
            "keel worker "
                + name
                + " did not start polling (alive: "
                + p.isAlive()
                + "):\n"
                + log(name));
      }
      Thread.sleep(100);
    }
  }

  /** {@code kill -9}: the process gets no chance to clean up. Waits until it is gone. */
  public static void kill(Process process) throws InterruptedException {
    process.toHandle().destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("process " + process.pid() + " survived SIGKILL");
    }
  }

  /** What process {@code name} wrote so far. */
  public String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * Whether the engine answers within {@code deadline} (connections are refused until it listens).
   */
  public static boolean awaitUp(Http engine, Process process, Duration deadline)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end && process.isAlive()) {
      try {
        if (engine.get("/v1/models").status() == 200) {
          return true;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes.values()) {
      p.destroy();
    }
    for (Process p : processes.values()) {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private Process start(String name, String... args) throws IOException {
    if (processes.containsKey(name)) {
      throw new IllegalArgumentException("a process named " + name + " was started already");
    }
    Process p = TestStack.keelProcess(dir.resolve(name + ".log"), args);
    processes.put(name, p);
    return p;
  }

  private static int uriPort(String base) {
    return java.net.URI.create(base).getPort();
  }

  private Path yml(String name, String role, int port, int otherPort) throws IOException {
    TestStack stack = TestStack.get();
    List<String> lines =
        new ArrayList<>(
            List.of(
                "logging:",
                "  level: WARN",
                "  loggers:",
                "    dev.keel.engine.WorkerCommand: INFO",
                "database:",
                "  driverClass: org.postgresql.Driver",
                "  url: " + database,
                "  user: postgres",
                "temporal:",
                "  target: " + (temporalTarget != null ? temporalTarget : stack.temporalTarget()),
                "  encryption:",
                "    keysFile: " + stack.payloadKeys(),
                "artifactRoot: " + dir.resolve("artifacts"),
                "artifactEncryption:",
                "  keysFile: " + stack.artifactKeys(),
                "devMode: true",
                "worker:",
                "  pipelineQueue: keel-pipelines" + suffix,
                "  computeQueues: [" + computeQueue() + "]"));
    lines.addAll(workerSettings);
    if ("worker".equals(role)) {
      // one activity at a time: while one worker is busy the other must take the next task
      lines.add("  maxConcurrentActivities: 1");
      lines.add("  metricsPort: " + otherPort);
    }
    if ("server".equals(role)) {
      lines.addAll(
          List.of(
              "embeddedWorker: false",
              "auth:",
              "  bootstrapToken: " + TestStack.ADMIN_TOKEN,
              "datasets:",
              "  fileRoots: [" + dir + "]",
              "serving:",
              "  pollMillis: 200",
              "  healthFlushMillis: 200",
              "server:",
              "  applicationConnectors:",
              "    - type: http",
              "      port: " + port,
              "      bindHost: 127.0.0.1",
              "  adminConnectors:",
              "    - type: http",
              "      port: " + otherPort,
              "      bindHost: 127.0.0.1"));
    }
    lines.add("");
    Path file = dir.resolve(name + ".yml");
    Files.writeString(file, String.join("\n", lines));
    return file;
  }
}
