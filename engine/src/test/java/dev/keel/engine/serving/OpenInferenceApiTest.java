package dev.keel.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Open Inference Protocol (KServe V2) over HTTP, with requests written as the protocol's REST
 * examples are: health and metadata, inference that answers what {@code /v1} predict answers for
 * the same instances (FP64 tensors on the red wine data, BYTES for the wine colour of red and white
 * wines together), logged predictions that take feedback, versions and the canary, auth, and each
 * refusal in the protocol's {@code {"error"}} shape.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenInferenceApiTest {

  static final String DB = TestStack.get().newDatabase();
  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.app(DB, ServingApiTest.tempDir());
  static final ObjectMapper JSON = new ObjectMapper();

  static Http http;
  static Http wine;
  static Http colour;
  static List<String> header;
  static List<Map<String, Object>> red;
  static List<Map<String, Object>> wines;

  @BeforeAll
  static void trainAndDeploy() throws IOException {
    http = Http.api(APP);
    List<String> redLines = Files.readAllLines(SharedData.redWine());
    List<String> whiteLines = Files.readAllLines(SharedData.whiteWine());
    header = new ArrayList<>(List.of(redLines.get(0).split(",")));
    assertThat(header.remove(header.size() - 1)).isEqualTo("quality");
    red = rows(redLines.subList(1, 201), null);
    // red and white wines in one data set, with their colour as a categorical feature
    StringBuilder csv = new StringBuilder(redLines.get(0)).append(",colour\n");
    redLines.subList(1, 401).forEach(l -> csv.append(l).append(",red\n"));
    whiteLines.subList(1, 401).forEach(l -> csv.append(l).append(",white\n"));
    wines = new ArrayList<>(rows(redLines.subList(401, 421), "red"));
    wines.addAll(rows(whiteLines.subList(401, 421), "white"));

    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
    Http.Response uploaded =
        http.post(
            "/v1/datasets?name=wines", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
    assertThat(http.postJson("/v1/models", ServingApiTest.classifier("wine", 0.7)).status())
        .isEqualTo(201);
    assertThat(http.postJson("/v1/models", ServingApiTest.classifier("colour", 0.6)).status())
        .isEqualTo(201);
    assertThat(http.postJson("/v1/models", ServingApiTest.classifier("idle", 0.6)).status())
        .isEqualTo(201);
    train("wine", "red");
    train("colour", "wines");
    train("wine", "red");
    Http approver = http.user("petra", "approver");
    for (String[] mv : new String[][] {{"wine", "1"}, {"wine", "2"}, {"colour", "1"}}) {
      Http.Response approved =
          approver.postJson(
              "/v1/models/" + mv[0] + "/versions/" + mv[1] + "/approval",
              Map.of("decision", "approve"));
      assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    }
    deploy("wine", 1);
    deploy("colour", 1);
    wine = http.serving("wine");
    colour = http.serving("colour");
  }

  /** The features of wine file lines (every column but the last, {@code quality}). */
  static List<Map<String, Object>> rows(List<String> lines, String colour) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : lines) {
      String[] cells = line.split(",");
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), Double.parseDouble(cells[i]));
      }
      if (colour != null) {
        row.put("colour", colour);
      }
      rows.add(row);
    }
    return rows;
  }

  static void train(String model, String dataset) {
    Http.Response started =
        http.postJson("/v1/models/" + model + "/runs", Map.of("dataset", dataset));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    JsonNode run =
        http.await(
                "/v1/runs/" + started.json().path("id").asText(),
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(120))
            .json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
  }

  static void deploy(String model, int version) {
    Http.Response deployed =
        http.user("oscar", "operator")
            .postJson("/v1/models/" + model + "/deploy", Map.of("version", version));
    assertThat(deployed.status()).as(deployed.text()).isEqualTo(200);
  }

  /** A V2 inference request with one tensor per feature of {@code instances}. */
  static Map<String, Object> request(List<Map<String, Object>> instances) {
    return request(instances, t -> {});
  }

  /** As above, each tensor changed by {@code change} first. */
  static Map<String, Object> request(
      List<Map<String, Object>> instances, Consumer<Map<String, Object>> change) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (String feature : instances.get(0).keySet()) {
      Map<String, Object> tensor = new LinkedHashMap<>();
      tensor.put("name", feature);
      tensor.put("shape", List.of(instances.size()));
      boolean text = instances.get(0).get(feature) instanceof String;
      tensor.put("datatype", text ? "BYTES" : "FP64");
      tensor.put("data", instances.stream().map(r -> r.get(feature)).toList());
      change.accept(tensor);
      inputs.add(tensor);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("inputs", inputs);
    return body;
  }

  static Http.Response infer(Http client, String model, Object body) {
    return client.postJson("/v2/models/" + model + "/infer", body);
  }

  static String error(Http.Response r) {
    assertThat(r.json().has("message")).as(r.text()).isFalse();
    assertThat(r.json().path("error").isTextual()).as(r.text()).isTrue();
    return r.json().path("error").asText();
  }

  @Test
  void serverIsLiveReadyAndDescribesItself() {
    Http.Response live = wine.get("/v2/health/live");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().path("live").asBoolean()).isTrue();
    Http.Response ready = http.user("vera", "viewer").get("/v2/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("ready").asBoolean()).isTrue();
    JsonNode server = wine.get("/v2").json();
    assertThat(server.path("name").asText()).isEqualTo("keel");
    assertThat(server.path("version").asText()).isNotBlank();
    assertThat(server.path("extensions").isArray()).isTrue();
    assertThat(server.path("extensions")).isEmpty();

    Http.Response anonymous = http.anonymous().get("/v2/health/ready");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(error(anonymous)).isNotBlank();
    Http.Response unknownPath = wine.get("/v2/models/wine/explain");
    assertThat(unknownPath.status()).isIn(403, 404);
    assertThat(error(unknownPath)).isNotBlank();
  }

  @Test
  void anEngineThatCannotLoadADeployedModelIsLiveButNotReady() throws Exception {
    // a second engine on the same database, without the artifacts of the deployed versions
    DropwizardAppExtension<KeelConfiguration> blind =
        TestStack.app(
            DB, ServingApiTest.tempDir(), ConfigOverride.config("embeddedWorker", "false"));
    blind.before();
    try {
      Http other = wine.on(Http.api(blind).base());
      assertThat(other.get("/v2/health/live").status()).isEqualTo(200);
      Http.Response ready = other.get("/v2/health/ready");
      assertThat(ready.status()).isEqualTo(400);
      assertThat(ready.json().toString()).isEqualTo("{\"ready\":false}");
      Http.Response model = other.get("/v2/models/wine/ready");
      assertThat(model.status()).isEqualTo(400);
      assertThat(model.json().path("ready").asBoolean()).isFalse();
      Http.Response infer = infer(other, "wine", request(red.subList(0, 1)));
      assertThat(infer.status()).isEqualTo(404);
      assertThat(error(infer)).isEqualTo("model 'wine' has no deployed version");
    } finally {
      blind.after();
    }
    assertThat(wine.get("/v2/health/ready").status()).isEqualTo(200);
  }

  @Test
  void modelMetadataAndReadinessComeFromTheServedSignature() {
    JsonNode meta = wine.get("/v2/models/wine").json();
    assertThat(meta.path("name").asText()).isEqualTo("wine");
    assertThat(meta.path("platform").asText()).isEqualTo("tribuo");
    assertThat(meta.path("versions").toString()).isEqualTo("[\"1\"]");
    assertThat(meta.path("inputs").findValuesAsText("name"))
        .containsExactlyInAnyOrderElementsOf(header);
    assertThat(meta.path("inputs").findValuesAsText("datatype")).containsOnly("FP64");
    assertThat(meta.path("inputs").get(0).path("shape").toString()).isEqualTo("[-1]");
    assertThat(meta.path("outputs").toString())
        .isEqualTo(
            "[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
                + "{\"name\":\"probabilities\",\"datatype\":\"FP64\",\"shape\":[-1,-1]}]");
    assertThat(wine.get("/v2/models/wine/versions/1").json()).isEqualTo(meta);

    JsonNode colours = colour.get("/v2/models/colour").json();
    Map<String, String> types = new HashMap<>();
    colours
        .path("inputs")
        .forEach(t -> types.put(t.path("name").asText(), t.path("datatype").asText()));
    assertThat(types).containsEntry("colour", "BYTES").containsEntry("alcohol", "FP64");

    Http.Response notServed = wine.get("/v2/models/wine/versions/2");
    assertThat(notServed.status()).isEqualTo(409);
    assertThat(error(notServed))
        .isEqualTo("version 2 of model 'wine' is not served: it serves version 1");
    Http.Response noVersion = wine.get("/v2/models/wine/versions/9");
    assertThat(noVersion.status()).isEqualTo(404);
    assertThat(error(noVersion)).isEqualTo("model 'wine' has no version 9");
    Http.Response notAVersion = wine.get("/v2/models/wine/versions/latest");
    assertThat(notAVersion.status()).isEqualTo(400);
    assertThat(error(notAVersion)).contains("version 'latest'");

    Http.Response ready = wine.get("/v2/models/wine/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().toString()).isEqualTo("{\"name\":\"wine\",\"ready\":true}");
    assertThat(wine.get("/v2/models/wine/versions/1/ready").status()).isEqualTo(200);
    Http.Response v2 = wine.get("/v2/models/wine/versions/2/ready");
    assertThat(v2.status()).isEqualTo(400);
    assertThat(v2.json().path("ready").asBoolean()).isFalse();
    assertThat(wine.get("/v2/models/wine/versions/9/ready").status()).isEqualTo(404);
    Http idle = http.serving("idle");
    Http.Response idleReady = idle.get("/v2/models/idle/ready");
    assertThat(idleReady.status()).isEqualTo(400);
    assertThat(idleReady.json().path("ready").asBoolean()).isFalse();
    Http.Response idleMeta = idle.get("/v2/models/idle");
    assertThat(idleMeta.status()).isEqualTo(404);
    assertThat(error(idleMeta)).isEqualTo("model 'idle' has no deployed version");
    Http nobody = http.serving("nope");
    assertThat(nobody.get("/v2/models/nope").status()).isEqualTo(404);
    assertThat(error(nobody.get("/v2/models/nope/ready"))).contains("'nope'");
  }

  @Test
  void inferAnswersWhatV1PredictAnswers() {
    List<Map<String, Object>> instances = red.subList(0, 20);
    Map<String, Object> body = request(instances);
    body.put("id", "req-42");
    Http.Response v2 = infer(wine, "wine", body);
    assertThat(v2.status()).as(v2.text()).isEqualTo(200);
    JsonNode r = v2.json();
    assertThat(r.path("model_name").asText()).isEqualTo("wine");
    assertThat(r.path("model_version").asText()).isEqualTo("1");
    assertThat(r.path("id").asText()).isEqualTo("req-42");
    JsonNode label = r.path("outputs").get(0);
    assertThat(label.path("name").asText()).isEqualTo("label");
    assertThat(label.path("datatype").asText()).isEqualTo("BYTES");
    assertThat(label.path("shape").toString()).isEqualTo("[20]");
    JsonNode probabilities = r.path("outputs").get(1);
    assertThat(probabilities.path("name").asText()).isEqualTo("probabilities");
    assertThat(probabilities.path("datatype").asText()).isEqualTo("FP64");
    assertThat(probabilities.path("shape").toString()).isEqualTo("[20,2]");
    assertThat(probabilities.path("parameters").path("classes").toString())
        .isEqualTo("[\"0\",\"1\"]");
    assertThat(r.path("parameters").path("prediction_ids")).hasSize(20);

    JsonNode v1 = wine.postJson("/v1/models/wine/predict", Map.of("instances", instances)).json();
    sameAnswers(r, v1, List.of("0", "1"));

    // [N, 1] shapes with nested data, and a request for one output only
    Map<String, Object> column =
        request(
            instances,
            t -> {
              t.put("shape", List.of(20, 1));
              t.put("data", ((List<?>) t.get("data")).stream().map(List::of).toList());
            });
    column.put("outputs", List.of(Map.of("name", "label")));
    JsonNode labelsOnly = infer(wine, "wine", column).json();
    assertThat(labelsOnly.path("outputs")).hasSize(1);
    assertThat(labelsOnly.path("outputs").get(0).path("data")).isEqualTo(label.path("data"));
    assertThat(labelsOnly.has("id")).isFalse();
    // integer and FP32 tensors are read as numbers
    Map<String, Object> fp32 = request(instances, t -> t.put("datatype", "FP32"));
    assertThat(infer(wine, "wine", fp32).json().path("outputs").get(0).path("data"))
        .isEqualTo(label.path("data"));
  }

  static void sameAnswers(JsonNode v2, JsonNode v1, List<String> classes) {
    JsonNode labels = v2.path("outputs").get(0).path("data");
    JsonNode probabilities = v2.path("outputs").get(1).path("data");
    JsonNode predictions = v1.path("predictions");
    assertThat(labels).hasSize(predictions.size());
    for (int i = 0; i < predictions.size(); i++) {
      JsonNode p = predictions.get(i);
      assertThat(labels.get(i).asText()).isEqualTo(p.path("label").asText());
      for (int c = 0; c < classes.size(); c++) {
        assertThat(probabilities.get(i * classes.size() + c).asDouble())
            .isCloseTo(p.path("probabilities").path(classes.get(c)).asDouble(), within(1e-12));
      }
    }
  }

  @Test
  void bytesTensorsCarryCategoricalFeatures() {
    Http.Response v2 = infer(colour, "colour", request(wines));
    assertThat(v2.status()).as(v2.text()).isEqualTo(200);
    JsonNode v1 = colour.postJson("/v1/models/colour/predict", Map.of("instances", wines)).json();
    sameAnswers(v2.json(), v1, List.of("0", "1"));

    Http.Response number =
        infer(
            colour,
            "colour",
            request(
                wines,
                t -> {
                  if (t.get("name").equals("colour")) {
                    t.put("datatype", "FP64");
                  }
                }));
    assertThat(number.status()).isEqualTo(400);
    assertThat(error(number))
        .startsWith("inputs[")
        .contains("('colour'): datatype FP64, but feature 'colour' is categorical; expected BYTES");
    Http.Response notText =
        infer(
            colour,
            "colour",
            request(
                wines,
                t -> {
                  if (t.get("name").equals("colour")) {
                    List<Object> data = new ArrayList<>((List<?>) t.get("data"));
                    data.set(3, 7);
                    t.put("data", data);
                  }
                }));
    assertThat(error(notText)).endsWith("('colour') data[3]: expected a text (category), got 7");
  }

  @Test
  void predictionsAreLoggedAndTakeFeedbackByTheirIds() {
    JsonNode r = infer(wine, "wine", request(red.subList(30, 33))).json();
    List<String> ids = new ArrayList<>();
    r.path("parameters").path("prediction_ids").forEach(id -> ids.add(id.asText()));
    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    String predicted = r.path("outputs").get(0).path("data").get(0).asText();
    Http.Response feedback =
        wine.postJson(
            "/v1/models/wine/feedback", Map.of("predictionId", ids.get(0), "label", predicted));
    assertThat(feedback.status()).as(feedback.text()).isEqualTo(201);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int logged = 0;
    while (System.nanoTime() < deadline && logged < 3) {
      logged =
          APP.<KeelApplication>getApplication()
              .wired()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT count(*) FROM prediction_log WHERE prediction_id::text IN"
                                  + " (<ids>) AND version = 1 AND (inputs->>'alcohol')::float > 0"
                                  + " AND output->>'label' IS NOT NULL")
                          .bindList("ids", ids)
                          .mapTo(Integer.class)
                          .one());
    }
    assertThat(logged).isEqualTo(3);
    assertThat(Http.admin(APP).get("/metrics").text())
        .contains("keel_predictions_total{model=\"wine\",version=\"1\",}");
  }

  @Test
  void onlyServingTokensOfTheModelMayInfer() {
    Map<String, Object> body = request(red.subList(0, 1));
    Http.Response anonymous = infer(http.anonymous(), "wine", body);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(error(anonymous)).isNotBlank();
    Http.Response otherModel = infer(colour, "wine", body);
    assertThat(otherModel.status()).isEqualTo(403);
    assertThat(error(otherModel)).contains("needs a serving token of model 'wine'");
    assertThat(infer(http.user("otto", "operator"), "wine", body).status()).isEqualTo(403);
    assertThat(colour.get("/v2/models/wine").status()).isEqualTo(403);
  }

  @Test
  void badRequestsAreRefusedNamingTheTensor() {
    List<Map<String, Object>> four = red.subList(0, 4);
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(
        json(
            request(
                four, t -> t.put("name", t.get("name").equals("alcohol") ? "alc" : t.get("name")))),
        "inputs[10] ('alc'): not an input of this model version; its inputs are ");
    Map<String, Object> missing = request(four);
    ((List<?>) missing.get("inputs")).removeIf(t -> ((Map<?, ?>) t).get("name").equals("pH"));
    cases.put(
        json(missing),
        "field 'inputs': no tensor for feature 'pH'; expected one tensor per feature, this one FP64 (a numeric feature)");
    cases.put(
        json(request(four, t -> t.put("datatype", t.get("name").equals("pH") ? "BYTES" : "FP64"))),
        "('pH'): datatype BYTES, but feature 'pH' is numeric; expected FP64 (a numeric feature)");
    cases.put(
        json(request(four, t -> t.put("datatype", t.get("name").equals("pH") ? "FLOAT" : "FP64"))),
        "('pH') datatype: expected one of BOOL, UINT8");
    cases.put(
        json(
            request(
                four, t -> t.put("shape", t.get("name").equals("pH") ? List.of(5) : List.of(4)))),
        "('pH'): shape [5] holds 5 values but data has 4");
    cases.put(
        json(request(four, t -> t.put("shape", List.of(2, 2)))),
        "inputs[0] ('fixed_acidity') shape: expected [N] or [N, 1] for N instances, got [2,2]");
    cases.put(
        json(
            request(
                four,
                t -> {
                  if (t.get("name").equals("pH")) {
                    t.put("shape", List.of(3));
                    t.put("data", ((List<?>) t.get("data")).subList(0, 3));
                  }
                })),
        "('pH'): holds 3 instances but inputs[0] ('fixed_acidity') holds 4; every tensor holds one value per instance");
    cases.put(
        json(
            request(
                four,
                t -> {
                  if (t.get("name").equals("alcohol")) {
                    t.put("data", List.of(9.4, 9.8, "NaN", 9.8));
                  }
                })),
        "('alcohol') data[2]: expected a finite number, got \"NaN\"");
    cases.put(
        json(request(four, t -> t.put("datatype", t.get("name").equals("pH") ? "INT32" : "FP64"))),
        "('pH') data[0]: expected an integer for datatype INT32, got 3.51");
    cases.put("{\"inputs\": []}", "field 'inputs': expected a non-empty array of tensors");
    cases.put("{}", "field 'inputs': expected a non-empty array of tensors");
    cases.put("[1, 2]", "request body: expected an inference request object");
    cases.put(
        "{\"inputs\": [{\"name\": \"pH\", \"datatype\": \"FP64\", \"shape\": [1]}]}",
        "inputs[0] ('pH') data: expected the tensor's 1 values as a JSON array");
    cases.put(
        json(request(four))
            .replace("\"inputs\"", "\"outputs\": [{\"name\": \"score\"}], \"inputs\""),
        "outputs[0].name: expected one of this model's outputs label, probabilities, got \"score\"");
    cases.put(
        json(request(four)).replace("\"inputs\"", "\"id\": 7, \"inputs\""),
        "field 'id': expected a text identifying the request, got 7");
    cases.put(
        json(request(
                four,
                t -> {
                  if (t.get("name").equals("alcohol")) {
                    t.put("data", List.of(123.25, 9.8, 9.8, 9.8));
                  }
                }))
            .replace("123.25", "1e400"),
        "('alcohol') data[0]: expected a finite number, got Infinity");
    cases.put("{\"inputs\": [", "malformed JSON");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Http.Response r = infer(wine, "wine", c.getKey());
      assertThat(r.status()).as(c.getKey() + " -> " + r.text()).isEqualTo(400);
      assertThat(error(r)).as(c.getKey()).contains(c.getValue());
    }
    Map<String, Object> duplicate = request(four);
    @SuppressWarnings("unchecked")
    List<Object> inputs = (List<Object>) duplicate.get("inputs");
    inputs.add(inputs.get(0));
    assertThat(error(infer(wine, "wine", duplicate)))
        .isEqualTo(
            "inputs[11] ('fixed_acidity'): a second tensor named 'fixed_acidity' (the first is"
                + " inputs[0]); send one tensor per feature");

    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      many.add(red.get(i % red.size()));
    }
    Http.Response tooMany = infer(wine, "wine", request(many));
    assertThat(tooMany.status()).isEqualTo(413);
    assertThat(error(tooMany))
        .isEqualTo("field 'inputs': 1001 instances are more than the limit of 1000 per request");
    Http.Response unknown = infer(http.serving("ghost"), "ghost", request(four));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(error(unknown)).contains("model 'ghost' does not exist");
  }

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aVersionAnswersOnlyWhileServedAndTheCanaryTakesItsShare() {
    DeploymentService deployments =
        APP.<KeelApplication>getApplication().wired().serving().deployments();
    Map<String, Object> body = request(red.subList(0, 1));
    Http.Response notYet = wine.postJson("/v2/models/wine/versions/2/infer", body);
    assertThat(notYet.status()).isEqualTo(409);
    assertThat(error(notYet))
        .isEqualTo("version 2 of model 'wine' is not served: it serves version 1");
    Http.Response none = wine.postJson("/v2/models/wine/versions/5/infer", body);
    assertThat(none.status()).isEqualTo(404);
    assertThat(error(none)).isEqualTo("model 'wine' has no version 5");

    deployments.startCanary("wine", 2, 0.5, "tester");
    try {
      Set<String> answered = new HashSet<>();
      for (int i = 0; i < 60; i++) {
        answered.add(infer(wine, "wine", body).json().path("model_version").asText());
      }
      assertThat(answered).containsExactlyInAnyOrder("1", "2");
      for (int i = 0; i < 10; i++) {
        assertThat(
                wine.postJson("/v2/models/wine/versions/2/infer", body)
                    .json()
                    .path("model_version")
                    .asText())
            .isEqualTo("2");
        assertThat(
                wine.postJson("/v2/models/wine/versions/1/infer", body)
                    .json()
                    .path("model_version")
                    .asText())
            .isEqualTo("1");
      }
      assertThat(wine.get("/v2/models/wine").json().path("versions").toString())
          .isEqualTo("[\"1\",\"2\"]");
      assertThat(wine.get("/v2/models/wine/versions/2/ready").status()).isEqualTo(200);
      assertThat(Http.admin(APP).get("/metrics").text())
          .contains("keel_predictions_total{model=\"wine\",version=\"2\",}");
    } finally {
      deployments.abortCanary("wine", "tester", "test over");
    }
    assertThat(wine.postJson("/v2/models/wine/versions/2/infer", body).status()).isEqualTo(409);
  }
}
