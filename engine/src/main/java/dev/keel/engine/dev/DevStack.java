package dev.keel.engine.dev;

import dev.keel.engine.temporal.DevTemporalServer;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What developer mode runs beside the engine: an embedded PostgreSQL and Temporal's test server.
 * Started before the application is wired (the store and client need them); managed by the
 * application's lifecycle so they stop after everything that uses them.
 */
public final class DevStack implements Managed {

  private final Path dataDir;
  private final EmbeddedDatabase database;
  private final DevTemporalServer temporal;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private DevStack(Path dataDir, EmbeddedDatabase database, DevTemporalServer temporal) {
    this.dataDir = dataDir;
    this.database = database;
    this.temporal = temporal;
  }

  /** See {@link EmbeddedDatabase#start} for {@code durableCommits}. */
  public static DevStack start(Path dataDir, int temporalPort, boolean durableCommits) {
    EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), durableCommits);
    try {
      return new DevStack(dataDir, database, DevTemporalServer.start(temporalPort));
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  public Path dataDir() {
    return dataDir;
  }

  public EmbeddedDatabase database() {
    return database;
  }

  public DevTemporalServer temporal() {
    return temporal;
  }

  @Override
  public void start() {
    // already running: started before the application was wired
  }

  /** Stops both servers, once (also when the engine's start failed and its lifecycle never ran). */
  @Override
  public void stop() {
    if (stopped.compareAndSet(false, true)) {
      temporal.close();
      database.close();
    }
  }
}
