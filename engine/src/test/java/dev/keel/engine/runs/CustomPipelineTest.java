package dev.keel.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pipeline written by a user in Java (the examples module's bake-off), registered on Keel's
 * worker through configuration and started through Keel's API like any other run.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CustomPipelineTest {

  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.app(
          ConfigOverride.config("worker.extraWorkflows", "dev.keel.examples.BakeOffPipelineImpl"));

  @Test
  void bakeOffPipelineRunsOnKeelWorkersAndRegistersTheBestCandidate() {
    Http http = Http.api(APP);
    http.postJson(
        "/v1/datasets", Map.of("name", "red", "source", SharedData.redWine().toUri().toString()));
    Http.Response model =
        http.postJson(
            "/v1/models",
            Map.of(
                "name",
                "red-bakeoff",
                "task",
                "classification",
                "target",
                "quality",
                "binarize",
                Map.of("op", ">=", "value", 6),
                "trainer",
                Map.of("algorithm", "cart"),
                "pipeline",
                "BakeOffPipeline"));
    assertThat(model.status()).as(model.text()).isEqualTo(201);

    String id =
        http.postJson("/v1/models/red-bakeoff/runs", Map.of("dataset", "red"))
            .json()
            .path("id")
            .asText();
    JsonNode run =
        http.await(
                "/v1/runs/" + id,
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(120))
            .json();

    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("pipeline").asText()).isEqualTo("BakeOffPipeline");
    assertThat(run.path("stages").findValuesAsText("name"))
        .containsExactly("ingest", "validate", "bake-off", "register");
    JsonNode version = http.get("/v1/models/red-bakeoff/versions/1").json();
    // xgboost beats a single tree and logistic regression on red wine: the bake-off must have
    // picked it
    assertThat(version.path("lineage").path("algorithm").asText()).isEqualTo("xgboost");
    assertThat(version.path("lineage").path("pipeline").asText()).isEqualTo("BakeOffPipeline");
    assertThat(version.path("metrics").path("accuracy").asDouble()).isGreaterThan(0.75);
    assertThat(List.of(version.path("aliases").get(0).asText())).containsExactly("champion");
  }
}
