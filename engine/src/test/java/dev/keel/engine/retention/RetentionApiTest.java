package dev.keel.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The periodic retention workflow over HTTP: expired prediction logs and the artifacts of
 * long-ended tracking runs go, recent ones stay.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RetentionApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.app(ConfigOverride.config("mlflow.runArtifactRetentionDays", "30"));
  static final long DAY = Duration.ofDays(1).toMillis();

  static Jdbi jdbi() {
    return APP.<KeelApplication>getApplication().wired().jdbi();
  }

  static UUID logPrediction(int daysAgo) {
    UUID id = UUID.randomUUID();
    jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO prediction_log (prediction_id, model_id, version, inputs, "
                            + "output, created_at) VALUES (:id, 1, 1, CAST('{}' AS jsonb), CAST('{}' AS jsonb), :at)")
                    .bind("id", id)
                    .bind("at", OffsetDateTime.now().minusDays(daysAgo))
                    .execute());
    return id;
  }

  static boolean logged(UUID id) {
    return jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM prediction_log WHERE prediction_id = :id")
                        .bind("id", id)
                        .mapTo(Integer.class)
                        .one())
        == 1;
  }

  /** A tracking run that ended {@code daysAgo} days ago, with one artifact file; returns its id. */
  static String runWithArtifact(Http http, int daysAgo) {
    long now = System.currentTimeMillis();
    JsonNode run =
        http.postJson(
                "/api/2.0/mlflow/runs/create",
                Map.of("experiment_id", "0", "start_time", now - (daysAgo + 1) * DAY))
            .json()
            .path("run")
            .path("info");
    String id = run.path("run_id").asText();
    assertThat(
            http.postJson(
                    "/api/2.0/mlflow/runs/update",
                    Map.of("run_id", id, "status", "FINISHED", "end_time", now - daysAgo * DAY))
                .status())
        .isEqualTo(200);
    String path = run.path("artifact_uri").asText().substring("mlflow-artifacts:/".length());
    assertThat(
            http.requestBytes(
                    "PUT",
                    "/api/2.0/mlflow-artifacts/artifacts/" + path + "/model.txt",
                    "weights".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(200);
    return path;
  }

  @Test
  void aSweepRemovesWhatExpiredAndKeepsWhatDidNot() {
    Http http = Http.api(APP);
    // the workflow sweeps once when it starts; wait for that sweep so that the next one is ours
    long first =
        http.await("/v1/retention", r -> !r.json().path("last").isNull(), Duration.ofSeconds(30))
            .json()
            .path("last")
            .path("at")
            .asLong();
    UUID old = logPrediction(400);
    UUID recent = logPrediction(1);
    String oldRun = runWithArtifact(http, 90);
    String recentRun = runWithArtifact(http, 2);

    Http.Response sweep = http.postJson("/v1/retention/sweep", Map.of());
    assertThat(sweep.status()).isEqualTo(202);
    JsonNode status =
        http.await(
                "/v1/retention",
                r -> r.json().path("last").path("at").asLong() > first,
                Duration.ofSeconds(30))
            .json();

    assertThat(status.path("last").path("predictionsDeleted").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(status.path("last").path("runArtifactsDeleted").asLong()).isEqualTo(1);
    assertThat(logged(old)).isFalse();
    assertThat(logged(recent)).isTrue();
    assertThat(http.get("/api/2.0/mlflow-artifacts/artifacts/" + oldRun + "/model.txt").status())
        .isEqualTo(404);
    assertThat(http.get("/api/2.0/mlflow-artifacts/artifacts/" + recentRun + "/model.txt").status())
        .isEqualTo(200);
    String runId = oldRun.split("/")[1];
    assertThat(
            http.get("/api/2.0/mlflow/runs/get?run_id=" + runId)
                .json()
                .path("run")
                .path("data")
                .path("tags")
                .findValuesAsText("key"))
        .contains("keel.artifacts_purged");
  }

  @Test
  void retentionIsForAdministrators() {
    Http viewer = Http.api(APP).user("rita", "viewer");
    assertThat(viewer.get("/v1/retention").status()).isEqualTo(403);
    assertThat(viewer.postJson("/v1/retention/sweep", Map.of()).status()).isEqualTo(403);
  }
}
