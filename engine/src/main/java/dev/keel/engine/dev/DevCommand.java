package dev.keel.engine.dev;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.keel.engine.cli.Console;
import dev.keel.engine.config.DatabaseSettings;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.slf4j.LoggerFactory;

/**
 * {@code keel dev}: the whole stack in one process with nothing to install — embedded PostgreSQL
 * (data under {@code --data-dir}), Temporal's test server, the control and compute workers, the API
 * on {@code --port} and the admin port (health, Prometheus) on the next one. {@code --demo} also
 * trains a demo model on generated data.
 */
public final class DevCommand extends ServerCommand<KeelConfiguration> {

  /**
   * Connection settings for the embedded database: short API queries gain nothing from parallel
   * workers on a developer machine, and with many concurrent requests the workers' start-up costs
   * more than they save.
   */
  public static final Map<String, String> TUNING =
      Map.of("options", "-c max_parallel_workers_per_gather=0");

  private final Supplier<? extends RunningEngine> engine;

  /**
   * @param engine the engine the application wired, once the server has started
   */
  public DevCommand(
      Application<KeelConfiguration> application, Supplier<? extends RunningEngine> engine) {
    super(application, "dev", "Runs Keel with embedded PostgreSQL and Temporal (developer mode)");
    this.engine = engine;
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    subparser
        .addArgument("--port")
        .type(Integer.class)
        .metavar("PORT")
        .setDefault(8080)
        .help("API port (admin port is PORT+1; default 8080)");
    subparser
        .addArgument("--temporal-port")
        .dest("temporalPort")
        .metavar("PORT")
        .type(Integer.class)
        .setDefault(7233)
        .help("port of the in-process Temporal server (default 7233)");
    subparser
        .addArgument("--data-dir")
        .dest("dataDir")
        .metavar("DIR")
        .setDefault(".keel")
        .help("where PostgreSQL data, artifacts and the admin token are kept (default .keel)");
    subparser
        .addArgument("--allow-dir")
        .dest("allowDirs")
        .metavar("DIR")
        .action(Arguments.append())
        .type(Arguments.fileType().verifyExists().verifyIsDirectory())
        .help(
            "also read dataset files under DIR (repeatable; home and working directory are always allowed)");
    subparser
        .addArgument("--durable-commits")
        .dest("durableCommits")
        .action(Arguments.storeTrue())
        .help(
            "make every PostgreSQL commit wait for its WAL flush, as a production server does (dev mode "
                + "otherwise runs with synchronous_commit=off)");
    subparser
        .addArgument("--demo")
        .action(Arguments.storeTrue())
        .help("train a demo model on generated data");
  }

  @Override
  protected void run(
      Bootstrap<KeelConfiguration> bootstrap, Namespace namespace, KeelConfiguration config)
      throws Exception {
    quietLogs();
    long started = System.nanoTime();
    int port = namespace.getInt("port");
    int temporalPort = namespace.getInt("temporalPort");
    Path dataDir = Path.of(namespace.getString("dataDir")).toAbsolutePath().normalize();

    Console.say("Keel developer mode: data in %s", dataDir);
    DevStack stack = DevStack.start(dataDir, temporalPort, namespace.getBoolean("durableCommits"));
    try {
      startEngine(bootstrap, namespace, config, stack, port, dataDir, started);
    } catch (Exception | Error e) {
      stack.stop(); // no server of the developer stack outlives a failed start
      throw e;
    }
    if (namespace.getBoolean("demo")) {
      Thread thread = new Thread(() -> new Demo(engine.get(), port).run(), "keel-demo");
      thread.setDaemon(true);
      thread.start();
    } else {
      Console.say("Try it: ./keel dev --demo, or see README.md for the API. Ctrl-C stops.");
    }
  }

  private void startEngine(
      Bootstrap<KeelConfiguration> bootstrap,
      Namespace namespace,
      KeelConfiguration config,
      DevStack stack,
      int port,
      Path dataDir,
      long started)
      throws Exception {
    config.setDevStack(stack);
    config.setDevMode(true);
    config.setEmbeddedWorker(true);
    config.setArtifactRoot(dataDir.resolve("artifacts").toString());
    DataSourceFactory database = new DatabaseSettings();
    database.setUrl(stack.database().jdbcUrl());
    database.setUser(stack.database().user());
    database.setPassword("");
    database.setDriverClass("org.postgresql.Driver");
    database.setProperties(TUNING);
    config.setDatabase(database);
    config.getTemporal().setTarget(stack.temporal().target());
    config
        .getDatasets()
        .setFileRoots(
            fileRoots(config.getDatasets().getFileRoots(), namespace.getList("allowDirs")));
    String adminToken = config.getAuth().getBootstrapToken();
    boolean tokenKept = adminToken == null || adminToken.isBlank();
    if (tokenKept) {
      adminToken = AdminTokenFile.in(dataDir).readOrCreate();
      config.getAuth().setBootstrapToken(adminToken);
    }

    DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
    HttpConnectorFactory api = (HttpConnectorFactory) server.getApplicationConnectors().get(0);
    api.setPort(port);
    api.setBindHost("127.0.0.1");
    HttpConnectorFactory admin = (HttpConnectorFactory) server.getAdminConnectors().get(0);
    admin.setPort(port + 1);
    admin.setBindHost("127.0.0.1");
    if (server.getRequestLogFactory() instanceof LogbackAccessRequestLogFactory requestLog) {
      requestLog.setAppenders(List.of());
    }
    super.run(bootstrap, namespace, config);
    Console.say("");
    Console.say("Keel is up in %.1f s", (System.nanoTime() - started) / 1e9);
    Console.say("  console      http://127.0.0.1:%d/ (sign in with the admin token below)", port);
    Console.say("  API          http://127.0.0.1:%d/v1/models", port);
    Console.say("  health       http://127.0.0.1:%d/healthcheck", port + 1);
    Console.say("  metrics      http://127.0.0.1:%d/metrics", port + 1);
    Console.say(
        "  Temporal     %s (namespace default; in-memory test server)", stack.temporal().target());
    Console.say("  PostgreSQL   %s (user postgres)", stack.database().jdbcUrl());
    Console.say("  artifacts    %s", engine.get().artifacts().location());
    Console.say(
        "  datasets     files under %s", String.join(", ", config.getDatasets().getFileRoots()));
    Console.say("  admin token  %s", adminToken);
    Console.say(
        "               (every API call needs it: export KEEL_TOKEN=%s and send", adminToken);
    Console.say("               -H \"Authorization: Bearer $KEEL_TOKEN\")");
    if (tokenKept) {
      Console.say(
          "               kept in %s: the same token at every start on this data directory",
          AdminTokenFile.in(dataDir).path());
    }
  }

  /**
   * Developer mode reads CSV files from the user's home, the working directory and every {@code
   * --allow-dir}, nowhere else; directories configured in a file come first.
   */
  static List<String> fileRoots(List<String> configured, List<Object> allowed) {
    List<String> roots = new ArrayList<>(configured);
    if (roots.isEmpty()) {
      roots.add(System.getProperty("user.home"));
      roots.add(Path.of("").toAbsolutePath().toString());
    }
    if (allowed != null) {
      for (Object dir : allowed) {
        roots.add(Path.of(dir.toString()).toAbsolutePath().normalize().toString());
      }
    }
    return List.copyOf(roots);
  }

  private static void quietLogs() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    // the test server has no worker heartbeats; the SDK says so once per worker
    ((Logger) LoggerFactory.getLogger("io.temporal.internal.worker.HeartbeatManager"))
        .setLevel(Level.ERROR);
  }
}
