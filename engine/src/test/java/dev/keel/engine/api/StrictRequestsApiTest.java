package dev.keel.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Typos are errors: Keel's {@code /v1} request bodies refuse unknown fields and unknown trainer
 * parameters with a 400 that names the field's path and the name likely meant, and store nothing;
 * MLflow's API and what Keel already stored keep reading leniently. Over HTTP against a real engine
 * and PostgreSQL.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StrictRequestsApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.serverOnly();

  final Http http = Http.api(APP);

  static Map<String, Object> definition(String name) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", "quality");
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put("trainer", Map.of("algorithm", "xgboost", "params", Map.of("trees", 50, "maxDepth", 4)));
    d.put("gates", List.of(Map.of("metric", "accuracy", "op", ">=", "value", 0.7)));
    return d;
  }

  static Map<String, Object> with(String field, Object value) {
    Map<String, Object> d = definition("typo-model");
    d.put(field, value);
    return d;
  }

  static Stream<Arguments> typos() {
    Map<String, Object> canary =
        Map.of("shares", 0.1, "windowSeconds", 60, "maxErrorRate", 0.01, "maxLatencyRatio", 2);
    return Stream.of(
        Arguments.of(
            with("gatez", List.of()),
            "unknown field 'gatez' in the model definition; did you mean 'gates'?"),
        Arguments.of(
            with("trainer", Map.of("algoritm", "xgboost")),
            "unknown field 'trainer.algoritm' in the model definition; did you mean 'trainer.algorithm'?"),
        Arguments.of(
            with(
                "gates",
                List.of(
                    Map.of("metric", "accuracy", "op", ">=", "value", 0.7),
                    Map.of("metrc", "accuracy", "op", ">=", "value", 0.7))),
            "unknown field 'gates[1].metrc' in the model definition; did you mean 'gates[1].metric'?"),
        Arguments.of(
            with("binarize", Map.of("op", ">=", "vaule", 6)),
            "unknown field 'binarize.vaule' in the model definition; did you mean 'binarize.value'?"),
        Arguments.of(
            with("schema", List.of(Map.of("name", "alcohol", "typ", "numeric"))),
            "unknown field 'schema[0].typ' in the model definition; did you mean 'schema[0].type'?"),
        Arguments.of(
            with("release", Map.of("approval", "manual", "canary", canary)),
            "unknown field 'release.canary.shares' in the model definition; did you mean 'release.canary.share'?"),
        Arguments.of(
            with("release", Map.of("aproval", "manual")),
            "unknown field 'release.aproval' in the model definition; did you mean 'release.approval'?"),
        Arguments.of(
            with("monitoring", Map.of("psiTreshold", 0.3)),
            "unknown field 'monitoring.psiTreshold' in the model definition; did you mean 'monitoring.psiThreshold'?"),
        Arguments.of(
            with(
                "sweep",
                Map.of("strategy", "grid", "space", Map.of("trees", List.of(10, 20)), "trails", 2)),
            "unknown field 'sweep.trails' in the model definition; did you mean 'sweep.trials'?"),
        Arguments.of(
            with("trainer", Map.of("algorithm", "xgboost", "params", Map.of("tres", 50))),
            "field 'trainer.params.tres': unknown parameter 'tres' for algorithm 'xgboost'; did you mean 'trees'?"),
        Arguments.of(
            with("trainer", Map.of("algorithm", "random-forest", "params", Map.of("maxdepth", 4))),
            "field 'trainer.params.maxdepth': unknown parameter 'maxdepth' for algorithm 'random-forest'; "
                + "did you mean 'maxDepth'?"),
        Arguments.of(
            with("sweep", Map.of("strategy", "grid", "space", Map.of("maxDepht", List.of(2, 4)))),
            "field 'sweep.space.maxDepht': unknown parameter 'maxDepht' for algorithm 'xgboost'; "
                + "did you mean 'maxDepth'?"),
        Arguments.of(
            with(
                "sweep",
                Map.of(
                    "strategy",
                    "random",
                    "trials",
                    3,
                    "space",
                    Map.of("eta", Map.of("min", 0.01, "mx", 0.3)))),
            "unknown field 'sweep.space.eta.mx' in the model definition; did you mean 'sweep.space.eta.max'?"));
  }

  @ParameterizedTest
  @MethodSource("typos")
  void refusesATypoNamingItsPathAndTheNameMeantAndStoresNothing(
      Map<String, Object> definition, String message) {
    List<String> before = modelNames();
    assertRefused(http.postJson("/v1/models", definition), message);
    assertThat(http.get("/v1/models/typo-model").status()).isEqualTo(404);
    assertThat(modelNames()).isEqualTo(before);
  }

  @Test
  void aNameFarFromEveryKnownOneListsTheKnownNames() {
    assertRefused(
        http.postJson("/v1/models", with("colour", "red")),
        "unknown field 'colour' in the model "
            + "definition; expected one of [binarize, cache, championMargins, compareWithChampion, computeQueue, "
            + "dataValidation, dataset, description, exclude, gates, holdoutFraction, monitoring, name, pipeline, "
            + "positiveClass, release, schedule, schema, seed, subjectColumn, sweep, target, task, trainer]");
    assertRefused(
        http.postJson(
            "/v1/models",
            with("trainer", Map.of("algorithm", "xgboost", "params", Map.of("n_estimators", 50)))),
        "field 'trainer.params.n_estimators': unknown parameter "
            + "'n_estimators' for algorithm 'xgboost'; expected one of [eta, maxDepth, subsample, threads, trees]");
    assertRefused(
        http.postJson(
            "/v1/models",
            with("trainer", Map.of("algorithm", "logistic", "params", Map.of("trees", 50)))),
        "field 'trainer.params.trees': unknown parameter 'trees' for algorithm "
            + "'logistic'; expected one of [epochs, learningRate, minibatchSize]");
    assertThat(http.get("/v1/models/typo-model").status()).isEqualTo(404);
  }

  @Test
  void aCorrectDefinitionIsStillRegisteredWithItsParameters() {
    Map<String, Object> d = definition("strict-ok");
    d.put(
        "release",
        Map.of(
            "approval",
            "manual",
            "canary",
            Map.of("share", 0.1, "windowSeconds", 60, "maxErrorRate", 0.01, "maxLatencyRatio", 2)));
    d.put("monitoring", Map.of("psiThreshold", 0.3));
    d.put(
        "sweep",
        Map.of("strategy", "grid", "space", Map.of("maxDepth", List.of(2, 4)), "trials", 2));
    Http.Response created = http.postJson("/v1/models", d);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(
            created.json().path("definition").path("trainer").path("params").path("trees").asInt())
        .isEqualTo(50);
    assertThat(
            created
                .json()
                .path("definition")
                .path("release")
                .path("canary")
                .path("share")
                .asDouble())
        .isEqualTo(0.1);
  }

  static Stream<Arguments> otherBodies() {
    return Stream.of(
        Arguments.of(
            "/v1/models/strict-runs/runs",
            "{\"datset\": \"wine\"}",
            "unknown field 'datset' in the run request; did you mean 'dataset'?"),
        Arguments.of(
            "/v1/models/strict-runs/retrain",
            "{\"reason\": \"x\", \"datasets\": \"wine\"}",
            "unknown field 'datasets' in the retrain request; did you mean 'dataset'?"),
        Arguments.of(
            "/v1/datasets",
            "{\"name\": \"d\", \"sorce\": \"/tmp/x.csv\"}",
            "unknown field 'sorce' in the dataset request; did you mean 'source'?"),
        Arguments.of(
            "/v1/runs/no-such-run/approval",
            "{\"decison\": \"approve\"}",
            "unknown field 'decison' in the approval request; did you mean 'decision'?"),
        Arguments.of(
            "/v1/models/strict-runs/versions/1/approval",
            "{\"decision\": \"approve\", \"coment\": \"ok\"}",
            "unknown field 'coment' in the approval request; did you mean 'comment'?"),
        Arguments.of(
            "/v1/models/strict-runs/deploy",
            "{\"verison\": 1}",
            "unknown field 'verison' in the deploy request; did you mean 'version'?"),
        Arguments.of(
            "/v1/models/strict-runs/rollback",
            "{\"version\": 1, \"why\": \"bad\"}",
            "unknown field 'why' in the deploy request; expected one of [reason, version]"),
        Arguments.of(
            "/v1/models/strict-runs/feedback",
            "{\"predictionID\": \"p\", \"label\": \"1\"}",
            "unknown field 'predictionID' in the feedback request; did you mean 'predictionId'?"),
        Arguments.of(
            "/v1/models/strict-runs/predict",
            "{\"instance\": [{\"alcohol\": 9.4}]}",
            "unknown field 'instance' in the predict request; did you mean 'instances'?"),
        Arguments.of(
            "/v1/models/strict-runs/versions/1/release",
            "{\"polcy\": \"manual\"}",
            "unknown field 'polcy' in the release request; did you mean 'policy'?"),
        Arguments.of(
            "/v1/models/strict-runs/versions/1/release",
            "{\"canary\": {\"share\": 0.1, \"window\": 60}}",
            "unknown field 'canary.window' in the release request; did you mean 'canary.windowSeconds'?"),
        Arguments.of(
            "/v1/erasures",
            "{\"subjects\": \"person-7\"}",
            "unknown field 'subjects' in the erasure request; did you mean 'subject'?"),
        Arguments.of(
            "/v1/tokens",
            "{\"user\": \"ana\", \"knd\": \"serving\"}",
            "unknown field 'knd' in the new token; did you mean 'kind'?"),
        Arguments.of(
            "/v1/users",
            "{\"name\": \"ana\", \"roles\": [\"viewer\"]}",
            "unknown field 'roles' in the new user; expected one of [name]"),
        Arguments.of(
            "/v1/users/admin/grants",
            "{\"rol\": \"viewer\"}",
            "unknown field 'rol' in the new grant; did you mean 'role'?"));
  }

  @ParameterizedTest
  @MethodSource("otherBodies")
  void everyOtherV1BodyRefusesUnknownFieldsToo(String path, String body, String message) {
    boolean serving = path.endsWith("/predict") || path.endsWith("/feedback");
    assertRefused((serving ? http.serving("strict-runs") : http).postJson(path, body), message);
  }

  @Test
  void aRefusedRunStartsNothing() {
    assertThat(http.postJson("/v1/models", definition("strict-runs")).status()).isEqualTo(201);
    assertRefused(
        http.postJson("/v1/models/strict-runs/runs", "{\"dataset\": \"wine\", \"sed\": 1}"),
        "unknown field 'sed' in the run request; expected one of [dataset]");
    assertThat(http.get("/v1/models/strict-runs/runs").json().path("runs")).isEmpty();
  }

  @Test
  void predictionInputsAreFeaturesNotFields() {
    // an unknown column inside an instance passes this rule and reaches serving, which knows no
    // such model
    Http.Response r =
        http.serving("nothing-served")
            .postJson("/v1/models/nothing-served/predict", "{\"instances\": [{\"colour\": 1}]}");
    assertThat(r.status()).as(r.text()).isEqualTo(404);
    assertThat(r.message()).isEqualTo("model 'nothing-served' does not exist");
  }

  @Test
  void mlflowRequestsStayLenient() {
    Http.Response experiment =
        http.postJson(
            "/api/2.0/mlflow/experiments/create",
            "{\"name\": \"lenient-exp\", \"a_field_from_a_newer_mlflow\": true}");
    assertThat(experiment.status()).as(experiment.text()).isEqualTo(200);
    assertThat(experiment.json().path("experiment_id").asText()).isNotEmpty();
    Http.Response model =
        http.postJson(
            "/api/2.0/mlflow/registered-models/create",
            "{\"name\": \"lenient-rm\", \"deployment_job_id\": \"7\"}");
    assertThat(model.status()).as(model.text()).isEqualTo(200);
    assertThat(model.json().path("registered_model").path("name").asText()).isEqualTo("lenient-rm");
  }

  @Test
  void definitionsAlreadyStoredWithFieldsNoLongerKnownStillRead() {
    String stored =
        "{\"name\": \"stored-old\", \"task\": \"classification\", \"target\": \"quality\", "
            + "\"retiredField\": 1, \"trainer\": {\"algorithm\": \"cart\", \"params\": {}, \"retired\": true}, "
            + "\"gates\": [{\"metric\": \"accuracy\", \"op\": \">=\", \"value\": 0.5, \"retired\": 0}]}";
    APP.<KeelApplication>getApplication()
        .wired()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO models (name, task, definition) VALUES ('stored-old', 'classification', CAST(:d AS jsonb))")
                    .bind("d", stored)
                    .execute());
    Http.Response one = http.get("/v1/models/stored-old");
    assertThat(one.status()).as(one.text()).isEqualTo(200);
    assertThat(one.json().path("definition").path("trainer").path("algorithm").asText())
        .isEqualTo("cart");
    assertThat(one.json().path("definition").has("retiredField")).isFalse();
    assertThat(modelNames()).contains("stored-old");
  }

  private List<String> modelNames() {
    return http.get("/v1/models").json().path("models").findValuesAsText("name");
  }

  private static void assertRefused(Http.Response r, String message) {
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.json().path("code").asInt()).isEqualTo(400);
    assertThat(r.message()).isEqualTo(message).doesNotContain("dev.keel").doesNotContain("java.");
  }
}
