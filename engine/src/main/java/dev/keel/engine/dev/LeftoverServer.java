package dev.keel.engine.dev;

import dev.keel.engine.cli.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server still running on the developer stack's data directory after the JVM that
 * started it died ({@code kill -9}, a crash): the embedded server is a separate process and
 * outlives it, holding the data directory's lock, so a new start would wait for it and give up.
 * Found through the directory's {@code postmaster.pid} and stopped with a fast shutdown (open
 * transactions roll back; committed data is kept).
 */
record LeftoverServer(long pid, int port, ProcessHandle process) {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The server of this data directory that is still running, if any (a stale lock file of a dead
   * one is not).
   */
  static Optional<LeftoverServer> find(Path dataDirectory) throws IOException {
    Path lock = dataDirectory.resolve("postmaster.pid");
    if (!Files.isRegularFile(lock)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(lock);
    if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
      return Optional.empty();
    }
    long pid = Long.parseLong(lines.get(0).strip());
    int port =
        lines.size() > 3 && lines.get(3).strip().matches("\\d+")
            ? Integer.parseInt(lines.get(3).strip())
            : 0;
    Optional<ProcessHandle> process =
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    if (process.isEmpty()) {
      // the lock of a server that is gone (or whose pid now belongs to another program): PostgreSQL
      // would refuse
      // to start while that pid lives, so the stale file goes
      Files.deleteIfExists(lock);
      return Optional.empty();
    }
    return Optional.of(new LeftoverServer(pid, port, process.get()));
  }

  /** Stops the server (fast shutdown; forcibly after half a minute) and says so in one line. */
  void stop() {
    Console.say(
        "keel: stopping PostgreSQL (pid %d, port %d) left running on this data directory by an earlier "
            + "keel dev that did not shut down",
        pid, port);
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      try {
        process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception gone) {
        throw new IllegalStateException(
            "PostgreSQL (pid "
                + pid
                + ") on this data directory does not stop: "
                + "stop it by hand and start again",
            gone);
      }
    }
  }
}
