package dev.keel.engine.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.ValidateOutput;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered SQL migrations under {@code db/migration} ({@code V<n>__<description>.sql})
 * with Flyway, which keeps its history in {@code flyway_schema_history}, applies each migration in
 * its own transaction and locks the history so that engines starting together apply each once. A
 * migration that was applied and has since been edited stops start-up: its checksum no longer
 * matches.
 *
 * <p>A database that Keel's earlier, hand-written runner set up has that runner's {@code
 * keel_schema_history} and no Flyway history. It is upgraded in place: each recorded migration is
 * checked against its file (an edited file, or a version this Keel does not have, stops start-up),
 * any lower-numbered file the old runner had not applied yet is applied as it would have (it
 * allowed gaps), then Flyway is baselined at the highest recorded version and applies only the
 * newer files. {@code keel_schema_history} is left as it was.
 */
public final class Migrations {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern NAME = Pattern.compile("V(\\d+)__(.+)\\.sql");
  private static final long LOCK_KEY = 0x6b65656cL; // "keel"

  /** The history table of the runner that Flyway replaced. */
  static final String LEGACY_TABLE = "keel_schema_history";

  /** Flyway's history table (Flyway's default name). */
  static final String FLYWAY_TABLE = "flyway_schema_history";

  private Migrations() {}

  /** A migration script found on the class path. */
  public record Script(int version, String description, String sql) {
    /** The checksum the old runner recorded in {@code keel_schema_history}. */
    String checksum() {
      return dev.keel.ml.artifacts.ArtifactStore.sha256(sql.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Applies pending migrations; returns how many were applied. */
  public static int migrate(Jdbi jdbi) {
    List<Script> scripts = scripts();
    return jdbi.withHandle(
        handle -> {
          // Flyway locks its own history; this lock also covers the one-time move from the old
          // runner's history.
          handle.execute("SELECT pg_advisory_lock(?)", LOCK_KEY);
          try {
            int count = 0;
            if (!tableExists(handle, FLYWAY_TABLE) && tableExists(handle, LEGACY_TABLE)) {
              count += upgradeLegacy(handle, jdbi, scripts);
            }
            try {
              count += flyway(jdbi).load().migrate().migrationsExecuted;
            } catch (FlywayValidateException e) {
              throw new IllegalStateException(validationProblem(jdbi, e), e);
            } catch (FlywayException e) {
              if (e.getErrorCode() == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
                throw new IllegalStateException(
                    "the database has tables but no schema history (neither "
                        + FLYWAY_TABLE
                        + " nor "
                        + LEGACY_TABLE
                        + "), so Keel cannot tell which migrations it has; point Keel at an empty "
                        + "database or at one that Keel set up",
                    e);
              }
              throw e;
            }
            return count;
          } finally {
            handle.execute("SELECT pg_advisory_unlock(?)", LOCK_KEY);
          }
        });
  }

  private static FluentConfiguration flyway(Jdbi jdbi) {
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(new JdbiDataSource(jdbi))
        .locations("classpath:db/migration")
        .table(FLYWAY_TABLE)
        .cleanDisabled(true);
  }

  /**
   * Checks the old runner's history against the files, fills its gaps, and baselines Flyway at its
   * highest version.
   */
  private static int upgradeLegacy(Handle handle, Jdbi jdbi, List<Script> scripts) {
    TreeMap<Integer, String> applied = new TreeMap<>();
    handle
        .createQuery("SELECT version, checksum FROM " + LEGACY_TABLE)
        .map((rs, ctx) -> Map.entry(rs.getInt("version"), rs.getString("checksum")))
        .forEach(e -> applied.put(e.getKey(), e.getValue()));
    Map<Integer, Script> byVersion =
        scripts.stream().collect(Collectors.toMap(Script::version, s -> s));
    for (Map.Entry<Integer, String> row : applied.entrySet()) {
      Script script = byVersion.get(row.getKey());
      if (script == null) {
        throw new IllegalStateException(
            LEGACY_TABLE
                + " records migration V"
                + row.getKey()
                + ", which this Keel does not have; is the database from a newer Keel?");
      }
      if (!script.checksum().equals(row.getValue())) {
        throw changed(script.version(), script.description());
      }
    }
    int highest = applied.isEmpty() ? 0 : applied.lastKey();
    int count = 0;
    for (Script script : scripts) {
      if (script.version() < highest && !applied.containsKey(script.version())) {
        // the old runner applied a lower number that arrived late; Flyway's baseline would skip it
        handle.useTransaction(
            tx -> {
              tx.createScript(script.sql()).execute();
              tx.execute(
                  "INSERT INTO "
                      + LEGACY_TABLE
                      + " (version, description, checksum) VALUES (?, ?, ?)",
                  script.version(),
                  script.description(),
                  script.checksum());
            });
        LOG.info(
            "applied migration V{} {} (below the old runner's V{})",
            script.version(),
            script.description(),
            highest);
        count++;
      }
    }
    flyway(jdbi)
        .baselineVersion(Integer.toString(highest))
        .baselineDescription("applied by the earlier Keel migration runner (" + LEGACY_TABLE + ")")
        .load()
        .baseline();
    LOG.info(
        "schema history moved from {} to {}, baselined at V{}",
        LEGACY_TABLE,
        FLYWAY_TABLE,
        highest);
    return count;
  }

  private static String validationProblem(Jdbi jdbi, FlywayValidateException e) {
    List<ValidateOutput> invalid =
        flyway(jdbi)
            .ignoreMigrationPatterns("*:pending")
            .load()
            .validateWithResult()
            .invalidMigrations;
    for (ValidateOutput out : invalid) {
      if (out.errorDetails != null
          && out.errorDetails.errorCode == CoreErrorCode.CHECKSUM_MISMATCH) {
        return changed(Integer.parseInt(out.version), out.description).getMessage();
      }
    }
    return "the schema history does not match the migrations of this Keel: " + e.getMessage();
  }

  private static IllegalStateException changed(int version, String description) {
    return new IllegalStateException(
        "migration V"
            + version
            + " ("
            + description
            + ") was changed after it was applied; add a new migration instead");
  }

  private static boolean tableExists(Handle handle, String table) {
    return handle
        .createQuery("SELECT to_regclass(:t) IS NOT NULL")
        .bind("t", table)
        .mapTo(Boolean.class)
        .one();
  }

  /**
   * Lends Flyway connections from Jdbi's: each is a handle, closed when Flyway closes the
   * connection.
   */
  private static final class JdbiDataSource implements DataSource {
    private final Jdbi jdbi;

    JdbiDataSource(Jdbi jdbi) {
      this.jdbi = jdbi;
    }

    @Override
    public Connection getConnection() {
      Handle handle = jdbi.open();
      Connection connection = handle.getConnection();
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
                  handle.close();
                  return null;
                }
                if ("isClosed".equals(method.getName())
                    && method.getParameterCount() == 0
                    && handle.isClosed()) {
                  return true;
                }
                try {
                  return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public Connection getConnection(String user, String password) {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }

  /** The migrations on the class path, by version. */
  public static List<Script> scripts() {
    URL url = Migrations.class.getClassLoader().getResource("db/migration");
    if (url == null) {
      throw new IllegalStateException("no db/migration directory on the class path");
    }
    try {
      if ("jar".equals(url.getProtocol())) {
        try (FileSystem fs = FileSystems.newFileSystem(url.toURI(), Map.of())) {
          return read(fs.getPath("/db/migration"));
        }
      }
      return read(Path.of(url.toURI()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Script> read(Path dir) throws IOException {
    List<Script> scripts = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (m.matches()) {
          try (InputStream in = Files.newInputStream(file)) {
            scripts.add(
                new Script(
                    Integer.parseInt(m.group(1)),
                    m.group(2).replace('_', ' '),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
          }
        }
      }
    }
    scripts.sort(java.util.Comparator.comparingInt(Script::version));
    for (int i = 1; i < scripts.size(); i++) {
      if (scripts.get(i).version() == scripts.get(i - 1).version()) {
        throw new IllegalStateException(
            "two migrations are numbered V"
                + scripts.get(i).version()
                + ": '"
                + scripts.get(i - 1).description()
                + "' and '"
                + scripts.get(i).description()
                + "'");
      }
    }
    return scripts;
  }
}
