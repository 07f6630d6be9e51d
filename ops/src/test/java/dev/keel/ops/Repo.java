package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The repository the ops module sits in, and the processes the ops tests run (tools, the engine's
 * jar).
 */
final class Repo {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  private Repo() {}

  /** The repository root: the ops module's parent (Surefire runs in the module's directory). */
  static Path root() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("ops/pom.xml")).as("the ops module under the repository root").exists();
    return root;
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode yaml(Path file) {
    return yaml(read(file));
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a finished process said and how it ended. */
  record Result(int exitCode, String output) {}

  /**
   * Runs a command (stdout and stderr together), failing the test when it does not end within the
   * timeout.
   */
  static Result run(Path dir, Map<String, String> env, Duration timeout, String... command) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
      builder.environment().putAll(env);
      Path log = Files.createTempFile("keel-ops-", ".log");
      builder.redirectOutput(log.toFile());
      Process process = builder.start();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command) + " did not end within " + timeout + ":\n" + read(log));
      }
      String output = read(log);
      Files.delete(log);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Result run(Path dir, String... command) {
    return run(dir, Map.of(), Duration.ofMinutes(5), command);
  }

  /**
   * Makes sure Debian tools are installed (ops/tools/ensure-tools.sh installs them as root when
   * missing).
   */
  static void ensureTools(String... tools) {
    List<String> command =
        new ArrayList<>(List.of("bash", path("ops/tools/ensure-tools.sh").toString()));
    command.addAll(List.of(tools));
    Result result = run(root(), Map.of(), Duration.ofMinutes(8), command.toArray(String[]::new));
    assertThat(result.exitCode())
        .as("ensure-tools.sh %s:%n%s", String.join(" ", tools), result.output())
        .isZero();
  }

  /**
   * Runs Dropwizard's {@code check} (parse and validate a configuration, unknown properties
   * included) of the engine jar that the reactor built before this module, on a Keel configuration
   * file.
   */
  static Result keelCheck(Path config) {
    Path jar = path("engine/target/keel.jar");
    assertThat(jar)
        .as("the engine jar (mvn -B verify from the root builds it before the ops module)")
        .exists();
    return run(
        root(),
        Map.of(),
        Duration.ofMinutes(2),
        "java",
        "-jar",
        jar.toString(),
        "check",
        config.toString());
  }
}
