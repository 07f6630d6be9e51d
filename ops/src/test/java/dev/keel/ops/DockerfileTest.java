package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/docker/Dockerfile, validated by dockerfile-utils (the validator of the Dockerfile language
 * server, from npm; no hadolint package exists here) and read instruction by instruction through
 * dockerfile-ast; its health check script run against real HTTP servers.
 */
class DockerfileTest {

  private static final Path LINT = Repo.path("ops/docker/lint");

  @BeforeAll
  static void installLinter() {
    if (!Files.isDirectory(LINT.resolve("node_modules/dockerfile-utils"))) {
      Repo.Result npm =
          Repo.run(LINT, Map.of(), Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
      assertThat(npm.exitCode()).as("npm ci in ops/docker/lint:%n%s", npm.output()).isZero();
    }
  }

  private static JsonNode lint(Path dockerfile) throws IOException {
    Repo.Result result = Repo.run(LINT, "node", "lint.js", dockerfile.toString());
    assertThat(result.exitCode()).as("node lint.js:%n%s", result.output()).isZero();
    return Repo.JSON.readTree(result.output());
  }

  private static List<JsonNode> instructions(JsonNode stage, String keyword) {
    List<JsonNode> found = new ArrayList<>();
    stage
        .get("instructions")
        .forEach(
            i -> {
              if (i.get("keyword").asText().equals(keyword)) {
                found.add(i);
              }
            });
    return found;
  }

  private static List<String> args(JsonNode instruction) {
    return StreamSupport.stream(instruction.get("arguments").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  @Test
  void theDockerfileHasNoDiagnostics() throws IOException {
    JsonNode report = lint(Repo.path("ops/docker/Dockerfile"));
    assertThat(report.get("diagnostics")).as("dockerfile-utils diagnostics").isEmpty();
  }

  @Test
  void theValidatorReportsABrokenDockerfile(@TempDir Path dir) throws IOException {
    // the same checks on a Dockerfile with mistakes: the validator is not a no-op
    Path broken = dir.resolve("Dockerfile");
    Files.writeString(
        broken,
        Repo.read(Repo.path("ops/docker/Dockerfile"))
            .replace("HEALTHCHECK --interval=15s", "HEALTHCHECK --intervall=15s")
            .replace("WORKDIR /var/lib/keel", "WORKDIR var/lib/keel")
            .replace("EXPOSE 8080 8081 9464", "EXPOSE 8080 8081 port"));
    List<String> messages = new ArrayList<>();
    lint(broken)
        .get("diagnostics")
        .forEach(d -> messages.add(d.get("line") + ": " + d.get("message").asText()));
    assertThat(messages)
        .hasSizeGreaterThanOrEqualTo(3)
        .anyMatch(m -> m.contains("intervall"))
        .anyMatch(m -> m.toLowerCase().contains("workdir") || m.toLowerCase().contains("absolute"))
        .anyMatch(m -> m.contains("port"));
  }

  @Test
  void aMavenBuildStageAndAJre17RuntimeThatRunsTheJarAsAFixedNonRootUser() throws IOException {
    JsonNode report = lint(Repo.path("ops/docker/Dockerfile"));
    JsonNode stages = report.get("stages");
    assertThat(stages).hasSize(2);
    JsonNode build = stages.get(0);
    JsonNode runtime = stages.get(1);
    String buildImage = resolve(report, build.get("image").asText());
    String runtimeImage = resolve(report, runtime.get("image").asText());
    assertThat(buildImage).startsWith("maven:").contains("eclipse-temurin-17");
    assertThat(runtimeImage).startsWith("eclipse-temurin:17").contains("-jre");
    assertThat(build.get("name").asText()).isEqualTo("build");
    assertThat(instructions(build, "RUN"))
        .anySatisfy(
            run ->
                assertThat(String.join(" ", args(run)))
                    .contains("mvn")
                    .contains("package -pl engine -am"));

    assertThat(instructions(runtime, "COPY"))
        .anySatisfy(
            copy -> {
              assertThat(copy.get("flags").toString())
                  .contains("\"name\":\"from\"")
                  .contains("\"value\":\"build\"");
              assertThat(args(copy)).last().isEqualTo("/opt/keel/keel.jar");
            });
    List<JsonNode> users = instructions(runtime, "USER");
    assertThat(users).hasSize(1);
    String user = args(users.get(0)).get(0);
    assertThat(user).matches("[0-9]+:[0-9]+");
    assertThat(Integer.parseInt(user.split(":")[0])).isGreaterThanOrEqualTo(1000);
    List<JsonNode> entrypoints = instructions(runtime, "ENTRYPOINT");
    assertThat(entrypoints).hasSize(1);
    assertThat(entrypoints.get(0).get("json"))
        .map(JsonNode::asText)
        .containsExactly("java", "-jar", "/opt/keel/keel.jar");
    assertThat(instructions(runtime, "CMD").get(0).get("json"))
        .map(JsonNode::asText)
        .containsExactly("server", "/etc/keel/keel.yml");
    List<JsonNode> healthchecks = instructions(runtime, "HEALTHCHECK");
    assertThat(healthchecks).hasSize(1);
    assertThat(String.join(" ", args(healthchecks.get(0)))).contains("/opt/keel/healthcheck.sh");
    assertThat(instructions(runtime, "ENV").toString()).contains("KEEL_HEALTH_PORT=8081");
  }

  private static String resolve(JsonNode report, String image) {
    if (image.startsWith("${") && image.endsWith("}")) {
      JsonNode value = report.get("initialArgs").get(image.substring(2, image.length() - 1));
      assertThat(value).as("ARG default for %s", image).isNotNull();
      return value.asText();
    }
    return image;
  }

  @Test
  void theBuildContextKeepsWhatTheBuildNeeds() {
    // the reactor reads every module's pom, ops/pom.xml included; the runtime stage copies the
    // health check
    List<String> ignore =
        Repo.read(Repo.path(".dockerignore"))
            .lines()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertThat(ignore)
        .contains("ops/**", "!ops/pom.xml", "!ops/docker/healthcheck.sh", "**/target", ".git");
    assertThat(Repo.path("ops/docker/healthcheck.sh")).isExecutable();
  }

  @Test
  void theHealthCheckPassesOnlyOnHttp200(@TempDir Path dir) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/healthcheck",
        e -> {
          e.sendResponseHeaders(200, 2);
          e.getResponseBody().write("{}".getBytes());
          e.close();
        });
    server.createContext(
        "/sick",
        e -> {
          e.sendResponseHeaders(503, -1);
          e.close();
        });
    server.start();
    try {
      String port = String.valueOf(server.getAddress().getPort());
      String script = Repo.path("ops/docker/healthcheck.sh").toString();
      assertThat(
              Repo.run(
                      dir, Map.of("KEEL_HEALTH_PORT", port), Duration.ofSeconds(30), "bash", script)
                  .exitCode())
          .isZero();
      Repo.Result sick =
          Repo.run(
              dir,
              Map.of("KEEL_HEALTH_PORT", port, "KEEL_HEALTH_PATH", "/sick"),
              Duration.ofSeconds(30),
              "bash",
              script);
      assertThat(sick.exitCode()).isEqualTo(1);
      assertThat(sick.output()).contains("503");
    } finally {
      server.stop(0);
    }
    // nothing listening: unhealthy, not hung
    Repo.Result closed =
        Repo.run(
            dir,
            Map.of("KEEL_HEALTH_PORT", "1"),
            Duration.ofSeconds(30),
            "bash",
            Repo.path("ops/docker/healthcheck.sh").toString());
    assertThat(closed.exitCode()).isNotZero();
  }

  @Test
  void shellScriptsPassShellcheck() {
    Repo.ensureTools("shellcheck");
    Repo.Result result =
        Repo.run(
            Repo.root(),
            "shellcheck",
            "ops/docker/healthcheck.sh",
            "ops/compose/postgres/init-databases.sh",
            "ops/tools/ensure-tools.sh");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
