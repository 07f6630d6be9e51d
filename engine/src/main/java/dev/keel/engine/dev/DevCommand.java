package dev.keel.engine.dev;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.auth.Tokens;
import dev.keel.engine.cli.Console;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.slf4j.LoggerFactory;

/**
 * {@code keel dev}: the whole stack in one process with nothing to install — embedded PostgreSQL (data under
 * {@code --data-dir}), Temporal's test server, the control and compute workers, the API on {@code --port} and the
 * admin port (health, Prometheus) on the next one. {@code --demo} also trains a demo model on generated data.
 */
public final class DevCommand extends ServerCommand<KeelConfiguration> {

  /**
   * Connection settings for the embedded database: short API queries gain nothing from parallel workers on a
   * developer machine, and with many concurrent requests the workers' start-up costs more than they save.
   */
  public static final Map<String, String> TUNING = Map.of("options", "-c max_parallel_workers_per_gather=0");

  private final KeelApplication application;

  public DevCommand(KeelApplication application) {
    super(application, "dev", "Runs Keel with embedded PostgreSQL and Temporal (developer mode)");
    this.application = application;
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    subparser.addArgument("--port").type(Integer.class).setDefault(8080).help("API port (admin port is PORT+1)");
    subparser.addArgument("--temporal-port").dest("temporalPort").type(Integer.class).setDefault(7233)
        .help("port of the in-process Temporal server");
    subparser.addArgument("--data-dir").dest("dataDir").setDefault(".keel")
        .help("where PostgreSQL data and artifacts are kept");
    subparser.addArgument("--demo").action(Arguments.storeTrue()).help("train a demo model on generated data");
  }

  @Override
  protected void run(Bootstrap<KeelConfiguration> bootstrap, Namespace namespace, KeelConfiguration config)
      throws Exception {
    quietLogs();
    long started = System.nanoTime();
    int port = namespace.getInt("port");
    int temporalPort = namespace.getInt("temporalPort");
    Path dataDir = Path.of(namespace.getString("dataDir")).toAbsolutePath().normalize();

    Console.say("Keel developer mode: data in %s", dataDir);
    DevStack stack = DevStack.start(dataDir, temporalPort);
    config.setDevStack(stack);
    config.setDevMode(true);
    config.setEmbeddedWorker(true);
    config.setArtifactRoot(dataDir.resolve("artifacts").toString());
    DataSourceFactory database = new DataSourceFactory();
    database.setUrl(stack.database().jdbcUrl());
    database.setUser(stack.database().user());
    database.setPassword("");
    database.setDriverClass("org.postgresql.Driver");
    database.setProperties(TUNING);
    config.setDatabase(database);
    config.getTemporal().setTarget(stack.temporal().target());
    if (config.getDatasets().getFileRoots().isEmpty()) {
      // developer mode reads CSV files from the user's home and the working directory, nowhere else
      config.getDatasets().setFileRoots(List.of(System.getProperty("user.home"),
          Path.of("").toAbsolutePath().toString()));
    }
    String adminToken = config.getAuth().getBootstrapToken();
    if (adminToken == null || adminToken.isBlank()) {
      adminToken = Tokens.generate().token();
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
    boolean demo = namespace.getBoolean("demo");
    super.run(bootstrap, namespace, config);
    Console.say("");
    Console.say("Keel is up in %.1f s", (System.nanoTime() - started) / 1e9);
    Console.say("  API          http://127.0.0.1:%d/v1/models", port);
    Console.say("  health       http://127.0.0.1:%d/healthcheck", port + 1);
    Console.say("  metrics      http://127.0.0.1:%d/metrics", port + 1);
    Console.say("  Temporal     %s (namespace default; in-memory test server)", stack.temporal().target());
    Console.say("  PostgreSQL   %s (user postgres)", stack.database().jdbcUrl());
    Console.say("  artifacts    %s", config.getArtifactRoot());
    Console.say("  admin token  %s", adminToken);
    Console.say("               (shown once; every API call needs it: export KEEL_TOKEN=%s and send", adminToken);
    Console.say("               -H \"Authorization: Bearer $KEEL_TOKEN\")");
    if (demo) {
      Thread thread = new Thread(() -> new Demo(application.wired(), port).run(), "keel-demo");
      thread.setDaemon(true);
      thread.start();
    } else {
      Console.say("Try it: ./keel dev --demo, or see README.md for the API. Ctrl-C stops.");
    }
  }

  private static void quietLogs() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    // the test server has no worker heartbeats; the SDK says so once per worker
    ((Logger) LoggerFactory.getLogger("io.temporal.internal.worker.HeartbeatManager")).setLevel(Level.ERROR);
  }
}
