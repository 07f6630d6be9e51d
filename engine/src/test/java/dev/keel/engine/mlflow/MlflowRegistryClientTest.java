package dev.keel.engine.mlflow;

import static dev.keel.engine.mlflow.MlflowRegistryApiTest.MV;
import static dev.keel.engine.mlflow.MlflowRegistryApiTest.RM;
import static dev.keel.engine.mlflow.MlflowRegistryApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.ModelVersionStatus;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/**
 * The model registry read by MLflow's official Java client: a model trained by Keel on red wine and
 * a model registered through MLflow's API are one registry, with versions, run ids and aliases.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MlflowRegistryClientTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static MlflowHttp http;
  static String keelRunId;

  /** The MLflow run id of the Keel run (every Keel run is also a tracking run). */
  static String trackingRunId;

  @BeforeAll
  static void trainAModelWithKeel() {
    http = new MlflowHttp(APP);
    Http keel = Http.api(APP);
    assertThat(
            keel.postJson(
                    "/v1/datasets",
                    Map.of("name", "red", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
    assertThat(
            keel.postJson(
                    "/v1/models",
                    Map.of(
                        "name",
                        "red-good",
                        "task",
                        "classification",
                        "target",
                        "quality",
                        "binarize",
                        Map.of("op", ">=", "value", 6),
                        "trainer",
                        Map.of("algorithm", "logistic")))
                .status())
        .isEqualTo(201);
    Http.Response started = keel.postJson("/v1/models/red-good/runs", Map.of("dataset", "red"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    keelRunId = started.json().path("id").asText();
    JsonNode run =
        keel.await(
                "/v1/runs/" + keelRunId,
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(120))
            .json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    trackingRunId = run.path("trackingRunId").asText();
    assertThat(trackingRunId).matches("[0-9a-f]{32}");
  }

  MlflowClient client() {
    return new MlflowClient(
        new org.mlflow.tracking.creds.BasicMlflowHostCreds(
            "http://127.0.0.1:" + APP.getLocalPort(), TestStack.ADMIN_TOKEN));
  }

  @Test
  void aKeelTrainedModelIsAnMlflowRegisteredModelWithItsVersionRunAndChampionAlias() {
    MlflowClient mlflow = client();
    RegisteredModel model = mlflow.getRegisteredModel("red-good");
    assertThat(model.getName()).isEqualTo("red-good");
    assertThat(model.getLatestVersionsList())
        .extracting(ModelVersion::getVersion)
        .containsExactly("1");
    assertThat(model.getAliasesList())
        .anyMatch(a -> a.getAlias().equals("champion") && a.getVersion().equals("1"));

    ModelVersion v1 = mlflow.getModelVersion("red-good", "1");
    assertThat(v1.getRunId()).isEqualTo(trackingRunId);
    assertThat(mlflow.getRun(trackingRunId).getData().getTagsList())
        .anyMatch(t -> t.getKey().equals("keel.run_id") && t.getValue().equals(keelRunId));
    assertThat(v1.getStatus()).isEqualTo(ModelVersionStatus.READY);
    assertThat(v1.getCurrentStage()).isEqualTo("None");
    assertThat(v1.getSource()).matches("sha256:[0-9a-f]{64}");
    assertThat(v1.getAliasesList()).containsExactly("champion");
    assertThat(mlflow.getLatestVersions("red-good"))
        .extracting(ModelVersion::getVersion)
        .containsExactly("1");
    assertThat(mlflow.searchModelVersions("name = 'red-good'").getItems())
        .extracting(ModelVersion::getRunId)
        .containsExactly(trackingRunId);
    assertThat(mlflow.searchModelVersions("run_id = '" + trackingRunId + "'").getItems())
        .hasSize(1);
    assertThat(mlflow.getModelVersionDownloadUri("red-good", "1")).isEqualTo(v1.getSource());

    // the champion can be read by alias, but moves only through Keel's deployments and rollbacks
    JsonNode champion =
        http.get(RM + "alias?name=red-good&alias=champion").json().path("model_version");
    assertThat(champion.path("version").asText()).isEqualTo("1");
    assertError(
        http.json("DELETE", RM + "alias", Map.of("name", "red-good", "alias", "champion")),
        400,
        "INVALID_PARAMETER_VALUE",
        "managed by Keel");
    assertThat(
            http.post(
                    RM + "alias", Map.of("name", "red-good", "alias", "challenger", "version", "1"))
                .status())
        .isEqualTo(200);
    assertThat(mlflow.getModelVersion("red-good", "1").getAliasesList())
        .containsExactly("challenger", "champion");

    // Keel keys its workflows and serving by name: a deployed, Keel-trained model is neither
    // renamed nor deleted
    assertError(
        http.post(RM + "rename", Map.of("name", "red-good", "new_name", "red-better")),
        400,
        "INVALID_PARAMETER_VALUE",
        "cannot be renamed");
    assertError(
        http.json("DELETE", RM + "delete", Map.of("name", "red-good")),
        400,
        "INVALID_PARAMETER_VALUE",
        "deployed");
    assertError(
        http.json("DELETE", MV + "delete", Map.of("name", "red-good", "version", "1")),
        400,
        "INVALID_PARAMETER_VALUE",
        "deployed");
    assertThat(mlflow.getRegisteredModel("red-good").getLatestVersionsCount()).isEqualTo(1);
  }

  @Test
  void aModelRegisteredThroughMlflowIsReadByTheOfficialClient() {
    String runId =
        http.post("/api/2.0/mlflow/runs/create", Map.of("experiment_id", "0"))
            .json()
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    assertThat(
            http.post(
                    RM + "create",
                    Map.of("name", "from-notebook", "description", "sklearn pipeline"))
                .status())
        .isEqualTo(200);
    Http.Response created =
        http.post(
            MV + "create",
            Map.of(
                "name", "from-notebook", "source", "runs:/" + runId + "/model", "run_id", runId));
    assertThat(created.status()).as(created.text()).isEqualTo(200);

    MlflowClient mlflow = client();
    RegisteredModel model = mlflow.getRegisteredModel("from-notebook");
    assertThat(model.getDescription()).isEqualTo("sklearn pipeline");
    assertThat(model.getLatestVersionsList())
        .extracting(ModelVersion::getRunId)
        .containsExactly(runId);
    ModelVersion v1 = mlflow.getModelVersion("from-notebook", "1");
    assertThat(v1.getSource()).isEqualTo("runs:/" + runId + "/model");
    assertThat(mlflow.getModelVersionDownloadUri("from-notebook", "1"))
        .isEqualTo("mlflow-artifacts:/0/" + runId + "/artifacts/model");
    assertThat(mlflow.getLatestVersions("from-notebook", List.of("Production"))).isEmpty();
    assertThat(mlflow.searchModelVersions("name='from-notebook'").getItems()).hasSize(1);

    assertThatThrownBy(() -> mlflow.getRegisteredModel("no-such-model"))
        .isInstanceOfSatisfying(
            MlflowHttpException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(404);
              assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
            });
    assertThatThrownBy(() -> mlflow.getModelVersion("from-notebook", "7"))
        .isInstanceOfSatisfying(
            MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
  }
}
