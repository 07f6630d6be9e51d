package dev.keel.engine.mlflow;

import static dev.keel.engine.mlflow.MlflowHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MLflow's model-registry REST API over raw HTTP, with MLflow's JSON and error codes, on a real
 * engine.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MlflowRegistryApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.serverOnly();
  static final String RM = "/api/2.0/mlflow/registered-models/";
  static final String MV = "/api/2.0/mlflow/model-versions/";
  MlflowHttp http;

  @BeforeEach
  void client() {
    http = new MlflowHttp(APP);
  }

  static void assertError(Http.Response r, int status, String code, String messagePart) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.json().path("error_code").asText()).as(r.text()).isEqualTo(code);
    assertThat(r.json().path("message").asText()).contains(messagePart);
  }

  JsonNode createModel(String name, Object tags, String description) {
    Http.Response r =
        http.post(RM + "create", Map.of("name", name, "tags", tags, "description", description));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().path("registered_model");
  }

  JsonNode createVersion(Map<String, Object> body) {
    Http.Response r = http.post(MV + "create", body);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().path("model_version");
  }

  @Test
  void registeredModelsAreCreatedTaggedDescribedSearchedRenamedAndDeleted() {
    JsonNode created =
        createModel("rm-fraud", List.of(Map.of("key", "team", "value", "risk")), "first cut");
    assertThat(created.path("name").asText()).isEqualTo("rm-fraud");
    assertThat(created.path("description").asText()).isEqualTo("first cut");
    assertThat(created.path("creation_timestamp").asLong()).isPositive();
    assertThat(created.path("tags").get(0).path("key").asText()).isEqualTo("team");

    // a client retrying the same create gets the model it created; a different duplicate is refused
    assertThat(
            http.post(
                    RM + "create",
                    Map.of(
                        "name",
                        "rm-fraud",
                        "tags",
                        List.of(Map.of("key", "team", "value", "risk")),
                        "description",
                        "first cut"))
                .json()
                .path("registered_model")
                .path("name")
                .asText())
        .isEqualTo("rm-fraud");
    assertError(
        http.post(RM + "create", Map.of("name", "rm-fraud", "description", "another")),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "rm-fraud");
    assertError(
        http.post(RM + "create", Map.of("name", "bad/name")),
        400,
        "INVALID_PARAMETER_VALUE",
        "bad/name");
    assertError(
        http.post(RM + "create", Map.of("description", "no name")),
        400,
        "INVALID_PARAMETER_VALUE",
        "name");

    Http.Response updated =
        http.json("PATCH", RM + "update", Map.of("name", "rm-fraud", "description", "v2"));
    assertThat(updated.json().path("registered_model").path("description").asText())
        .isEqualTo("v2");
    assertThat(
            http.post(RM + "set-tag", Map.of("name", "rm-fraud", "key", "owner", "value", "ana"))
                .status())
        .isEqualTo(200);
    createModel("rm-fraud-shadow", List.of(), "");
    createModel("rm-churn", List.of(Map.of("key", "team", "value", "growth")), "");

    assertThat(names(http.get(RM + "search?filter=" + q("name LIKE 'rm-fraud%'"))))
        .containsExactly("rm-fraud", "rm-fraud-shadow");
    assertThat(names(http.get(RM + "search?filter=" + q("name ILIKE 'RM-FRAUD'"))))
        .containsExactly("rm-fraud");
    assertThat(names(http.get(RM + "search?filter=" + q("name = 'rm-churn'"))))
        .containsExactly("rm-churn");
    assertThat(names(http.get(RM + "search?filter=" + q("tags.team = 'risk'"))))
        .containsExactly("rm-fraud");
    assertThat(names(http.get(RM + "search?filter=" + q("tags.owner = 'ana' AND name != 'x'"))))
        .containsExactly("rm-fraud");
    assertThat(
            names(
                http.get(
                    RM + "search?filter=" + q("name LIKE 'rm-%'") + "&order_by=" + q("name DESC"))))
        .containsExactly("rm-fraud-shadow", "rm-fraud", "rm-churn");
    assertThat(
            names(
                    http.get(
                        RM
                            + "search?filter="
                            + q("name LIKE 'rm-%'")
                            + "&order_by="
                            + q("last_updated_timestamp DESC")))
                .get(0))
        .isEqualTo("rm-churn");
    Http.Response page1 =
        http.get(RM + "search?filter=" + q("name LIKE 'rm-%'") + "&max_results=2");
    assertThat(names(page1)).containsExactly("rm-churn", "rm-fraud");
    String token = page1.json().path("next_page_token").asText();
    Http.Response page2 =
        http.get(
            RM
                + "search?filter="
                + q("name LIKE 'rm-%'")
                + "&max_results=2&page_token="
                + q(token));
    assertThat(names(page2)).containsExactly("rm-fraud-shadow");
    assertThat(page2.json().has("next_page_token")).isFalse();
    assertError(
        http.get(RM + "search?filter=" + q("name LIKE")), 400, "INVALID_PARAMETER_VALUE", "filter");
    assertError(
        http.get(RM + "search?order_by=" + q("color")), 400, "INVALID_PARAMETER_VALUE", "order_by");
    assertError(
        http.get(RM + "search?max_results=many"), 400, "INVALID_PARAMETER_VALUE", "max_results");

    assertThat(
            http.json("DELETE", RM + "delete-tag", Map.of("name", "rm-fraud", "key", "owner"))
                .status())
        .isEqualTo(200);
    Http.Response renamed =
        http.post(RM + "rename", Map.of("name", "rm-fraud-shadow", "new_name", "rm-fraud-canary"));
    assertThat(renamed.json().path("registered_model").path("name").asText())
        .isEqualTo("rm-fraud-canary");
    assertError(
        http.post(RM + "rename", Map.of("name", "rm-fraud-canary", "new_name", "rm-churn")),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "rm-churn");
    assertThat(
            http.get("/v1/models/rm-fraud-canary").json().path("definition").path("name").asText())
        .isEqualTo("rm-fraud-canary");

    assertThat(http.json("DELETE", RM + "delete", Map.of("name", "rm-fraud-canary")).status())
        .isEqualTo(200);
    assertThat(http.delete(RM + "delete?name=rm-churn").status()).isEqualTo(200);
    assertError(http.get(RM + "get?name=rm-churn"), 404, "RESOURCE_DOES_NOT_EXIST", "rm-churn");
    assertThat(names(http.get(RM + "search?filter=" + q("name LIKE 'rm-%'"))))
        .containsExactly("rm-fraud");
  }

  @Test
  void versionsCarryTheTrackingRunsMetricsAndRetriesDoNotDuplicateThem() {
    createModel("wine", List.of(), "");
    String runId = trackingRunWithMetric("accuracy", 0.81);
    Map<String, Object> body =
        Map.of(
            "name",
            "wine",
            "source",
            "runs:/" + runId + "/model",
            "run_id",
            runId,
            "tags",
            List.of(Map.of("key", "framework", "value", "sklearn")),
            "run_link",
            "http://ui/runs/" + runId,
            "description",
            "from a notebook");

    JsonNode v1 = createVersion(body);
    assertThat(v1.path("version").asText()).isEqualTo("1");
    assertThat(v1.path("run_id").asText()).isEqualTo(runId);
    assertThat(v1.path("source").asText()).isEqualTo("runs:/" + runId + "/model");
    assertThat(v1.path("status").asText()).isEqualTo("READY");
    assertThat(v1.path("current_stage").asText()).isEqualTo("None");
    assertThat(v1.path("run_link").asText()).isEqualTo("http://ui/runs/" + runId);
    assertThat(v1.path("tags").get(0).path("value").asText()).isEqualTo("sklearn");

    // the client retried (its first answer was lost): the same version comes back, not a second one
    assertThat(createVersion(body).path("version").asText()).isEqualTo("1");
    JsonNode v2 =
        createVersion(
            Map.of("name", "wine", "source", "mlflow-artifacts:/0/other/artifacts/model"));
    assertThat(v2.path("version").asText()).isEqualTo("2");

    // Keel's view of the same version: registered from outside, metrics of the tracking run, not
    // servable
    JsonNode keel = http.get("/v1/models/wine/versions/1").json();
    assertThat(keel.path("status").asText()).isEqualTo("REGISTERED");
    assertThat(keel.path("metrics").path("accuracy").asDouble()).isEqualTo(0.81);
    assertThat(keel.path("lineage").path("runId").asText()).isEqualTo(runId);
    assertThat(http.get("/v1/models/wine/versions/2").json().path("metrics").size()).isZero();
    Http.Response deploy = http.post("/v1/models/wine/deploy", Map.of("version", 1));
    assertThat(deploy.status()).as(deploy.text()).isEqualTo(409);

    assertThat(
            http.get(MV + "get?name=wine&version=1")
                .json()
                .path("model_version")
                .path("description")
                .asText())
        .isEqualTo("from a notebook");
    assertThat(
            http.get(MV + "get-download-uri?name=wine&version=1")
                .json()
                .path("artifact_uri")
                .asText())
        .isEqualTo("mlflow-artifacts:/0/" + runId + "/artifacts/model");
    assertThat(versions(http.get(MV + "search?filter=" + q("run_id = '" + runId + "'"))))
        .containsExactly("1");
    assertThat(versions(http.get(MV + "search?filter=" + q("name='wine'"))))
        .containsExactly("2", "1");
    assertThat(
            versions(http.get(MV + "search?filter=" + q("source_path LIKE 'mlflow-artifacts:%'"))))
        .containsExactly("2");
    assertThat(versions(http.get(MV + "search?filter=" + q("tags.framework = 'sklearn'"))))
        .containsExactly("1");

    http.json(
        "PATCH", MV + "update", Map.of("name", "wine", "version", "2", "description", "retrained"));
    http.post(
        MV + "set-tag", Map.of("name", "wine", "version", "2", "key", "validated", "value", "yes"));
    JsonNode got = http.get(MV + "get?name=wine&version=2").json().path("model_version");
    assertThat(got.path("description").asText()).isEqualTo("retrained");
    assertThat(got.path("tags").get(0).path("key").asText()).isEqualTo("validated");
    assertThat(
            http.json(
                    "DELETE",
                    MV + "delete-tag",
                    Map.of("name", "wine", "version", "2", "key", "validated"))
                .status())
        .isEqualTo(200);
    assertError(
        http.json(
            "DELETE",
            MV + "delete-tag",
            Map.of("name", "wine", "version", "2", "key", "validated")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "validated");

    JsonNode latest = http.get(RM + "get-latest-versions?name=wine").json().path("model_versions");
    assertThat(latest).hasSize(1);
    assertThat(latest.get(0).path("version").asText()).isEqualTo("2");
    assertThat(
            http.get(RM + "get?name=wine")
                .json()
                .path("registered_model")
                .path("latest_versions")
                .get(0)
                .path("version")
                .asText())
        .isEqualTo("2");
    assertError(
        http.post(
            MV + "transition-stage", Map.of("name", "wine", "version", "2", "stage", "Production")),
        400,
        "INVALID_PARAMETER_VALUE",
        "alias");

    assertThat(http.json("DELETE", MV + "delete", Map.of("name", "wine", "version", "2")).status())
        .isEqualTo(200);
    assertError(
        http.get(MV + "get?name=wine&version=2"), 404, "RESOURCE_DOES_NOT_EXIST", "version 2");
    assertError(http.get(MV + "get?name=wine&version=two"), 400, "INVALID_PARAMETER_VALUE", "two");
    assertError(
        http.post(MV + "create", Map.of("name", "wine")), 400, "INVALID_PARAMETER_VALUE", "source");
    assertError(
        http.post(MV + "create", Map.of("name", "nope", "source", "s3://b/m")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "nope");
  }

  @Test
  void aliasesAreFreeExceptReservedNamesAndTheKeelManagedChampion() {
    createModel("alias-model", List.of(), "");
    createVersion(Map.of("name", "alias-model", "source", "s3://bucket/m1"));
    createVersion(Map.of("name", "alias-model", "source", "s3://bucket/m2"));

    assertThat(
            http.post(
                    RM + "alias",
                    Map.of("name", "alias-model", "alias", "challenger", "version", "2"))
                .status())
        .isEqualTo(200);
    JsonNode byAlias =
        http.get(RM + "alias?name=alias-model&alias=challenger").json().path("model_version");
    assertThat(byAlias.path("version").asText()).isEqualTo("2");
    assertThat(byAlias.path("aliases").get(0).asText()).isEqualTo("challenger");
    JsonNode model = http.get(RM + "get?name=alias-model").json().path("registered_model");
    assertThat(model.path("aliases").get(0).path("alias").asText()).isEqualTo("challenger");
    assertThat(model.path("aliases").get(0).path("version").asText()).isEqualTo("2");

    for (String reserved : List.of("latest", "LATEST", "v1", "V12")) {
      assertError(
          http.post(RM + "alias", Map.of("name", "alias-model", "alias", reserved, "version", "1")),
          400,
          "INVALID_PARAMETER_VALUE",
          "reserved");
    }
    assertError(
        http.post(RM + "alias", Map.of("name", "alias-model", "alias", "champion", "version", "1")),
        400,
        "INVALID_PARAMETER_VALUE",
        "approved deployment");
    assertError(
        http.json("DELETE", RM + "alias", Map.of("name", "alias-model", "alias", "champion")),
        400,
        "INVALID_PARAMETER_VALUE",
        "managed by Keel");
    assertError(
        http.post(RM + "alias", Map.of("name", "alias-model", "alias", "canary", "version", "9")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "version 9");

    assertThat(http.delete(RM + "alias?name=alias-model&alias=challenger").status()).isEqualTo(200);
    assertError(
        http.get(RM + "alias?name=alias-model&alias=challenger"),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "challenger");

    // deleting the model takes its versions, their tags and its aliases with it
    http.post(
        MV + "set-tag", Map.of("name", "alias-model", "version", "1", "key", "k", "value", "v"));
    http.post(RM + "alias", Map.of("name", "alias-model", "alias", "challenger", "version", "1"));
    assertThat(http.json("DELETE", RM + "delete", Map.of("name", "alias-model")).status())
        .isEqualTo(200);
    assertError(
        http.get(MV + "get?name=alias-model&version=1"),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "alias-model");
    assertThat(http.get("/v1/models/alias-model").status()).isEqualTo(404);
    createModel("alias-model", List.of(), "");
    assertThat(http.get(RM + "get?name=alias-model").json().path("registered_model").has("aliases"))
        .isTrue();
    assertThat(
            http.get(RM + "get?name=alias-model")
                .json()
                .path("registered_model")
                .path("aliases")
                .size())
        .isZero();
  }

  @Test
  void keelEndpointsThatNeedATrainingDefinitionRefuseAnMlflowRegisteredModelWith409() {
    createModel("external-only", List.of(), "registered from a notebook");
    createVersion(Map.of("name", "external-only", "source", "s3://bucket/model"));

    JsonNode model = http.get("/v1/models/external-only").json();
    assertThat(model.path("name").asText()).isEqualTo("external-only");
    assertThat(model.path("task").isNull()).isTrue();
    assertThat(model.path("versions").asInt()).isEqualTo(1);
    assertThat(http.get("/v1/models").json().path("models").findValuesAsText("name"))
        .contains("external-only");

    // each with a body its endpoint takes (a rollback's is {"version", "reason"}, and a drift check
    // reads none)
    Map<String, Map<String, Object>> bodies =
        Map.of(
            "/v1/models/external-only/runs",
            Map.of("dataset", "red"),
            "/v1/models/external-only/retrain",
            Map.of("dataset", "red"),
            "/v1/models/external-only/drift/check",
            Map.of(),
            "/v1/models/external-only/rollback",
            Map.of("reason", "back to the last one"));
    for (Map.Entry<String, Map<String, Object>> call : bodies.entrySet()) {
      String path = call.getKey();
      Http.Response r = http.post(path, call.getValue());
      assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(409);
      assertThat(r.json().path("message").asText())
          .as(path)
          .contains("registered through the MLflow API");
    }
  }

  private static List<String> names(Http.Response r) {
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().path("registered_models").findValuesAsText("name").stream().distinct().toList();
  }

  private static List<String> versions(Http.Response r) {
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    List<String> out = new java.util.ArrayList<>();
    r.json().path("model_versions").forEach(v -> out.add(v.path("version").asText()));
    return out;
  }

  private String trackingRunWithMetric(String key, double value) {
    Http.Response run = http.post("/api/2.0/mlflow/runs/create", Map.of("experiment_id", "0"));
    assertThat(run.status()).as(run.text()).isEqualTo(200);
    String id = run.json().path("run").path("info").path("run_id").asText();
    assertThat(
            http.post(
                    "/api/2.0/mlflow/runs/log-metric",
                    Map.of("run_id", id, "key", key, "value", value, "timestamp", 1000, "step", 0))
                .status())
        .isEqualTo(200);
    return id;
  }
}
