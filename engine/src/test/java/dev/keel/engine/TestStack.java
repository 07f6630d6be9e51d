package dev.keel.engine;

import dev.keel.engine.temporal.DevTemporalServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL and one Temporal test server for the whole test JVM (both start in a few
 * seconds); every application under test gets a database of its own, so test classes never see each
 * other's rows.
 */
public final class TestStack {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  /** The bootstrap administrator's token of every test engine (it holds every role). */
  public static final String ADMIN_TOKEN = dev.keel.engine.auth.Tokens.generate().token();

  private static TestStack instance;

  private final EmbeddedPostgres postgres;
  private final DevTemporalServer temporal;
  private Path payloadKeys;
  private Path artifactKeys;

  private TestStack(EmbeddedPostgres postgres, DevTemporalServer temporal) {
    this.postgres = postgres;
    this.temporal = temporal;
  }

  public static synchronized TestStack get() {
    if (instance == null) {
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        DevTemporalServer temporal = DevTemporalServer.start(freePort());
        instance = new TestStack(pg, temporal);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      temporal.close();
                      try {
                        pg.close();
                      } catch (IOException ignored) {
                        // the JVM is going away
                      }
                    }));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /**
   * One payload key file for every engine and worker of this JVM (they share the Temporal test
   * server).
   */
  public synchronized Path payloadKeys() {
    if (payloadKeys == null) {
      try {
        payloadKeys =
            dev.keel.ml.crypto.KeyRing.createIfMissing(
                Files.createTempDirectory("keel-keys").resolve("payload-keys"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return payloadKeys;
  }

  /**
   * One artifact key file for every engine and worker of this JVM (they may share an artifact
   * store).
   */
  public synchronized Path artifactKeys() {
    if (artifactKeys == null) {
      try {
        artifactKeys =
            dev.keel.ml.crypto.KeyRing.createIfMissing(
                Files.createTempDirectory("keel-keys").resolve("artifact-keys"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return artifactKeys;
  }

  public String temporalTarget() {
    return temporal.target();
  }

  /** A new, empty database; returns its JDBC URL. */
  public String newDatabase() {
    String name = "keel_test_" + DATABASES.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name;
  }

  /**
   * A loopback port that is free now, for a process started next to bind. Taken below Linux's
   * ephemeral range (32768-60999), where the embedded PostgreSQL and every client socket get
   * theirs, so that none of them takes it first; ports handed out by this JVM are not handed out
   * again.
   */
  public static synchronized int freePort() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
      if (HANDED_OUT.contains(port)) {
        continue;
      }
      try (ServerSocket socket =
          new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        HANDED_OUT.add(port);
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new UncheckedIOException(
        new IOException("no free loopback port between 20000 and 32000"));
  }

  private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

  /**
   * A Keel engine as in developer mode (control and compute workers in-process) on its own
   * database, artifact directory and task queues, started on free ports.
   */
  public static DropwizardAppExtension<dev.keel.engine.config.KeelConfiguration> app(
      ConfigOverride... extra) {
    return app(null, null, extra);
  }

  /**
   * A Keel engine as {@link #app(ConfigOverride...)} does, on the given database and artifact
   * directory (a new database and directory when null), so that several engines can share one
   * store.
   */
  public static DropwizardAppExtension<dev.keel.engine.config.KeelConfiguration> app(
      String databaseUrl, String artifactRoot, ConfigOverride... extra) {
    return app(databaseUrl, artifactRoot, true, extra);
  }

  /**
   * An engine as {@code keel server} runs it: API and control worker only, no pipeline or compute
   * worker. (A setting is given once: Dropwizard applies overrides in no guaranteed order, so
   * overriding a default here is not possible through {@code extra}.)
   */
  public static DropwizardAppExtension<dev.keel.engine.config.KeelConfiguration> serverOnly(
      ConfigOverride... extra) {
    return app(null, null, false, extra);
  }

  private static DropwizardAppExtension<dev.keel.engine.config.KeelConfiguration> app(
      String databaseUrl, String artifactRoot, boolean embeddedWorker, ConfigOverride... extra) {
    TestStack stack = get();
    String queueSuffix = "-" + DATABASES.get() + "-" + System.nanoTime();
    Path artifacts;
    try {
      artifacts =
          artifactRoot != null
              ? Path.of(artifactRoot)
              : Files.createTempDirectory("keel-artifacts");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<ConfigOverride> overrides =
        new ArrayList<>(
            List.of(
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.applicationConnectors[0].bindHost", "127.0.0.1"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].bindHost", "127.0.0.1"),
                ConfigOverride.config("logging.level", "WARN"),
                ConfigOverride.config("database.driverClass", "org.postgresql.Driver"),
                ConfigOverride.config(
                    "database.url", databaseUrl != null ? databaseUrl : stack.newDatabase()),
                ConfigOverride.config("database.user", "postgres"),
                ConfigOverride.config("temporal.target", stack.temporalTarget()),
                // every engine its own namespace on the shared server: model lifecycles (id
                // lifecycle-<model>) of engines
                // that have stopped keep running there, on queues nobody polls any more, and must
                // not take a later
                // engine's model of the same name
                ConfigOverride.config("temporal.namespace", "keel-test" + queueSuffix),
                ConfigOverride.config(
                    "temporal.encryption.keysFile", stack.payloadKeys().toString()),
                ConfigOverride.config(
                    "artifactEncryption.keysFile", stack.artifactKeys().toString()),
                ConfigOverride.config("auth.bootstrapToken", ADMIN_TOKEN),
                ConfigOverride.config(
                    "datasets.fileRoots",
                    SharedData.redWine().getParent() + "," + System.getProperty("java.io.tmpdir")),
                ConfigOverride.config("artifactRoot", artifacts.toString()),
                ConfigOverride.config("embeddedWorker", String.valueOf(embeddedWorker)),
                ConfigOverride.config("devMode", "true"),
                ConfigOverride.config("worker.pipelineQueue", "keel-pipelines" + queueSuffix)));
    overrides.addAll(List.of(extra));
    return new DropwizardAppExtension<>(
        KeelApplication.class, null, overrides.toArray(ConfigOverride[]::new));
  }

  /** Starts Keel's main class in a new JVM with this test's class path, as the launcher would. */
  public static Process keelProcess(Path log, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), KeelMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
