package dev.keel.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production topology: {@code keel server} runs the API and store writes only, and {@code keel
 * worker} (a separate process, started as a user starts it, with a YAML file) runs the pipelines
 * and compute. Also {@code keel db migrate}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SeparateWorkerProcessTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.serverOnly();

  @TempDir Path dir;

  @Test
  void aRunNeedsAWorkerAndCompletesOnTheWorkerProcess() throws Exception {
    Http http = Http.api(APP);
    http.postJson(
        "/v1/datasets", Map.of("name", "red", "source", SharedData.redWine().toUri().toString()));
    http.postJson(
        "/v1/models",
        Map.of(
            "name",
            "remote",
            "task",
            "regression",
            "target",
            "quality",
            "trainer",
            Map.of("algorithm", "linear")));
    // runs start through the model's lifecycle, a workflow that only a pipeline worker runs
    Http.Response alone = http.postJson("/v1/models/remote/runs", Map.of("dataset", "red"));
    assertThat(alone.status())
        .as("the engine alone has no pipeline or compute worker: " + alone.text())
        .isEqualTo(503);
    assertThat(alone.message())
        .contains("did not answer within")
        .contains(APP.getConfiguration().getWorker().getPipelineQueue())
        .endsWith("no run was started");

    KeelConfiguration config = APP.getConfiguration();
    int metricsPort = TestStack.freePort();
    Path yml = dir.resolve("worker.yml");
    Files.writeString(
        yml,
        String.join(
            "\n",
            "logging:",
            "  level: WARN",
            "temporal:",
            "  target: " + config.getTemporal().getTarget(),
            "  namespace: " + config.getTemporal().getNamespace(),
            "  encryption:",
            "    keysFile: " + config.getTemporal().getEncryption().getKeysFile(),
            "artifactRoot: " + config.getArtifactRoot(),
            "artifactEncryption:",
            "  keysFile: " + config.getArtifactEncryption().getKeysFile(),
            "devMode: true",
            "worker:",
            "  pipelineQueue: " + config.getWorker().getPipelineQueue(),
            "  metricsPort: " + metricsPort,
            ""));
    Process worker = keel(dir.resolve("worker.log"), "worker", yml.toString());
    try {
      // until the worker has started (each try waits for the lifecycle's answer)
      Http.Response posted = http.postJson("/v1/models/remote/runs", Map.of("dataset", "red"));
      for (int tries = 1; posted.status() == 503 && tries < 6; tries++) {
        posted = http.postJson("/v1/models/remote/runs", Map.of("dataset", "red"));
      }
      assertThat(posted.status()).as(posted.text()).isEqualTo(202);
      String id = posted.json().path("id").asText();
      JsonNode run =
          http.await(
                  "/v1/runs/" + id,
                  r -> !RunStatus.inFlight(r.json().path("status").asText()),
                  Duration.ofSeconds(90))
              .json();
      assertThat(run.path("status").asText())
          .as(run + "\n" + Files.readString(dir.resolve("worker.log")))
          .isEqualTo("SUCCEEDED");
      assertThat(run.path("metrics").path("rmse").asDouble()).isLessThanOrEqualTo(0.70);
      assertThat(http.get("/v1/models/remote/runs").json().path("runs").findValuesAsText("id"))
          .as("the request the lifecycle answered too late started nothing")
          .containsExactly(id);
      Http.Response metrics =
          new Http("http://127.0.0.1:" + metricsPort)
              .await("/metrics", r -> r.text().contains("temporal_"), Duration.ofSeconds(20));
      assertThat(metrics.text())
          .as("the worker's own Prometheus endpoint")
          .contains("jvm_memory_bytes_used")
          .contains("temporal_");
    } finally {
      worker.destroy();
      worker.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void dbMigrateAppliesTheSchemaToAnEmptyDatabaseOnce() throws Exception {
    Path yml = dir.resolve("db.yml");
    Files.writeString(
        yml,
        String.join(
            "\n",
            "logging:",
            "  level: WARN",
            "database:",
            "  driverClass: org.postgresql.Driver",
            "  url: " + TestStack.get().newDatabase(),
            "  user: postgres",
            ""));
    Process first = keel(dir.resolve("first.log"), "db", "migrate", yml.toString());
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(Files.readString(dir.resolve("first.log"))).isZero();
    int latest = dev.keel.engine.db.Migrations.scripts().size();
    assertThat(Files.readString(dir.resolve("first.log")))
        .contains(latest + " migration(s) applied; schema is at V" + latest);

    Process second = keel(dir.resolve("second.log"), "db", "migrate", yml.toString());
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(dir.resolve("second.log"))).contains("0 migration(s) applied");
  }

  static Process keel(Path log, String... args) throws Exception {
    return TestStack.keelProcess(log, args);
  }
}
