package dev.keel.engine.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Prometheus tools the ops tests run: {@code promtool}, {@code prometheus} (Debian package
 * {@code prometheus}) and {@code prometheus-alertmanager} (Debian package of that name). A missing
 * tool is installed with apt-get when the tests run as root (as {@code .ci/run} does on a fresh
 * machine); otherwise the test is skipped, loudly.
 */
final class PromTools {

  private PromTools() {}

  /** The output and exit code of a command. */
  record Result(int exit, String output) {}

  /**
   * The absolute path of {@code binary}, installing Debian package {@code debianPackage} first when
   * it is missing.
   */
  static synchronized String require(String binary, String debianPackage) {
    Path found = onPath(binary);
    if (found != null) {
      return found.toString();
    }
    boolean root = "0".equals(run(Duration.ofSeconds(10), "id", "-u").output().trim());
    if (!root || onPath("apt-get") == null) {
      String message =
          "SKIPPED: "
              + binary
              + " is missing and cannot be installed here (not root, or no apt-get): "
              + "install Debian's '"
              + debianPackage
              + "' package to run this test";
      System.err.println("\n*** " + message + " ***\n");
      Assumptions.abort(message);
    }
    System.err.println(
        "ops tests: installing Debian package " + debianPackage + " for " + binary + " ...");
    Result update = run(Duration.ofMinutes(5), "apt-get", "update", "-qq");
    Result install =
        run(
            Duration.ofMinutes(5),
            "env",
            "DEBIAN_FRONTEND=noninteractive",
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            debianPackage);
    found = onPath(binary);
    if (found == null) {
      throw new IllegalStateException(
          "installing "
              + debianPackage
              + " did not provide "
              + binary
              + ":\n"
              + update.output()
              + install.output());
    }
    return found.toString();
  }

  private static Path onPath(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin")) {
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Runs a command to its end (killed past {@code timeout}), stdout and stderr together. */
  static Result run(Duration timeout, String... command) {
    try {
      Path out = Files.createTempFile("keel-ops-cmd", ".log");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            String.join(" ", command)
                + " did not finish within "
                + timeout
                + ":\n"
                + Files.readString(out, StandardCharsets.UTF_8));
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
      return new Result(p.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
