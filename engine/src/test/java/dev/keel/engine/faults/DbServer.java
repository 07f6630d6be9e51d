package dev.keel.engine.faults;

import dev.keel.engine.TestStack;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A real PostgreSQL of one test's own that the test can stop and start again on the same port and
 * data directory, as an operator restarting the database would (embedded PostgreSQL: {@code initdb}
 * runs only when the directory has no {@code postgresql.conf} yet, and closing it stops the server
 * with {@code pg_ctl stop -m fast}).
 */
final class DbServer implements AutoCloseable {

  private final Path dataDirectory;
  private final int port;
  private EmbeddedPostgres postgres;

  private DbServer(Path dataDirectory, int port) {
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /**
   * A new server with an empty data directory under {@code dir} and a database called {@code
   * database}.
   */
  static DbServer start(Path dir, String database) throws IOException {
    DbServer server = new DbServer(dir.resolve("pgdata"), TestStack.freePort());
    server.up();
    try (Connection c = server.postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    } catch (java.sql.SQLException e) {
      throw new IOException(e);
    }
    return server;
  }

  /** Starts the server (again) on its port and data directory. */
  synchronized void up() throws IOException {
    if (postgres == null) {
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setRegisterShutdownHook(true)
              .start();
    }
  }

  /** Stops the server; connections are cut, the data stays. */
  synchronized void down() throws IOException {
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  @Override
  public void close() throws IOException {
    down();
  }
}
