package dev.keel.engine.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.api.OutboundUrls;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.lifecycle.DeploymentActivitiesImpl;
import dev.keel.workflows.contract.DeploymentRequest;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks through the HTTP API: real PostgreSQL, Temporal's test server and Tribuo on the red wine
 * data, with a receiver on loopback that checks every signature itself.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhookApiTest {

  static final String SECRET = "s3cret-shared-with-the-receiver";

  /** Loopback receivers allowed (as dataset URL tests allow them), retries 200 ms apart. */
  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.app(
          ConfigOverride.config("webhooks.allowPrivateAddresses", "true"),
          ConfigOverride.config("webhooks.urlAllowList", "http://127.0.0.1:,http://localhost:"),
          ConfigOverride.config("webhooks.initialBackoffMillis", "200"),
          ConfigOverride.config("webhooks.maxAttempts", "4"));

  static Http http;
  static Receiver receiver;

  @BeforeAll
  static void start() throws Exception {
    http = Http.api(APP);
    receiver = new Receiver(SECRET);
    Http.Response red =
        http.postJson(
            "/v1/datasets",
            Map.of("name", "red", "source", SharedData.redWine().toUri().toString()));
    assertThat(red.status()).as(red.text()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  static String webhook(String url, List<String> events) {
    Http.Response created =
        http.postJson(
            "/v1/webhooks",
            Map.of("url", url, "events", events, "secret", SECRET, "description", "test"));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.text()).doesNotContain(SECRET);
    return created.json().path("id").asText();
  }

  static Map<String, Object> classifier(String name) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", "quality");
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put("trainer", Map.of("algorithm", "logistic"));
    d.put("gates", List.of(Map.of("metric", "accuracy", "op", ">=", "value", 0.7)));
    return d;
  }

  static JsonNode train(String model) {
    return dev.keel.engine.Runs.trainToEnd(http, model, "red", Duration.ofSeconds(120));
  }

  static void eventually(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  static JsonNode deliveries(String webhook) {
    Http.Response r = http.get("/v1/webhooks/" + webhook + "/deliveries");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().path("deliveries");
  }

  @Test
  void aTrainedAndDeployedModelAnnouncesItsVersionAndDeploymentSigned() throws Exception {
    String url = receiver.route("/registry", () -> 204);
    String id = webhook(url, List.of("version.registered", "deployment.done"));
    assertThat(http.postJson("/v1/models", classifier("hooked")).status()).isEqualTo(201);

    JsonNode run = train("hooked");
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");

    eventually(() -> receiver.at("/registry").size() >= 2);
    List<Receiver.Received> got = receiver.at("/registry");
    assertThat(got)
        .extracting(Receiver.Received::event)
        .containsExactlyInAnyOrder("version.registered", "deployment.done");
    for (Receiver.Received r : got) {
      assertThat(r.signatureValid()).as("signature of " + r.event()).isTrue();
      JsonNode body = r.json();
      assertThat(body.path("event").asText()).isEqualTo(r.event());
      assertThat(body.path("model").asText()).isEqualTo("hooked");
      assertThat(body.path("id").asText()).isNotBlank();
      assertThat(body.path("timestamp").asText()).contains("T");
      assertThat(body.path("data").path("version").asInt()).isEqualTo(1);
      assertThat(r.delivery()).isNotBlank();
    }
    JsonNode registered =
        got.stream()
            .filter(r -> r.event().equals("version.registered"))
            .findFirst()
            .orElseThrow()
            .json();
    assertThat(registered.path("data").path("runId").asText()).isEqualTo(run.path("id").asText());

    eventually(
        () -> {
          JsonNode log = deliveries(id);
          return log.size() == 2
              && log.findValuesAsText("status").stream().allMatch("delivered"::equals);
        });
    JsonNode log = deliveries(id);
    assertThat(log.findValuesAsText("event"))
        .containsExactlyInAnyOrder("version.registered", "deployment.done");
    for (JsonNode d : log) {
      assertThat(d.path("attempts").asInt()).isEqualTo(1);
      assertThat(d.path("lastStatusCode").asInt()).isEqualTo(204);
      assertThat(d.path("deliveredAt").asText()).isNotBlank();
    }
    // one delivery per event: nothing arrives twice
    Thread.sleep(500);
    assertThat(receiver.at("/registry")).hasSize(2);
  }

  @Test
  void aReceiverThatFailsTwiceGetsTheDeliveryOnTheThirdAttempt() throws Exception {
    String url = receiver.route("/flaky", Receiver.failing(2));
    String id = webhook(url, List.of("*"));

    double retriedBefore = counter("ping", "retrying");
    Http.Response ping = http.postJson("/v1/webhooks/" + id + "/test", Map.of());
    assertThat(ping.status()).as(ping.text()).isEqualTo(202);
    String delivery = ping.json().path("id").asText();

    eventually(() -> deliveries(id).findValuesAsText("status").contains("delivered"));
    JsonNode d = deliveries(id).get(0);
    assertThat(d.path("id").asText()).isEqualTo(delivery);
    assertThat(d.path("event").asText()).isEqualTo("ping");
    assertThat(d.path("attempts").asInt()).isEqualTo(3);
    assertThat(d.path("lastStatusCode").asInt()).isEqualTo(200);

    List<Receiver.Received> got = receiver.at("/flaky");
    assertThat(got).extracting(Receiver.Received::answered).containsExactly(500, 500, 200);
    assertThat(got).extracting(Receiver.Received::delivery).containsOnly(delivery);
    assertThat(got).allMatch(Receiver.Received::signatureValid);
    // every attempt sends the same bytes
    assertThat(got)
        .extracting(r -> new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
        .containsOnly(new String(got.get(0).body(), java.nio.charset.StandardCharsets.UTF_8));

    assertThat(counter("ping", "retrying") - retriedBefore).isEqualTo(2.0);
    assertThat(counter("ping", "delivered")).isPositive();
  }

  /** keel_webhook_deliveries_total of an event and outcome, 0 before its first count. */
  static double counter(String event, String outcome) {
    String series =
        "keel_webhook_deliveries_total{event=\"" + event + "\",outcome=\"" + outcome + "\",} ";
    return Http.admin(APP)
        .get("/metrics")
        .text()
        .lines()
        .filter(l -> l.startsWith(series))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length())))
        .findFirst()
        .orElse(0);
  }

  @Test
  void aReceiverThatAlwaysFailsRunsOutOfAttemptsAndOneThatRefusesIsNotRetried() throws Exception {
    String down = webhook(receiver.route("/down", () -> 503), List.of("run.failed"));
    String gone = webhook(receiver.route("/gone", () -> 410), List.of("run.failed"));
    http.postJson("/v1/webhooks/" + down + "/test", Map.of());
    http.postJson("/v1/webhooks/" + gone + "/test", Map.of());

    eventually(() -> deliveries(down).findValuesAsText("status").contains("failed"));
    eventually(() -> deliveries(gone).findValuesAsText("status").contains("failed"));
    JsonNode downed = deliveries(down).get(0);
    assertThat(downed.path("attempts").asInt()).isEqualTo(4); // webhooks.maxAttempts
    assertThat(downed.path("lastError").asText()).startsWith("HTTP 503");
    JsonNode refused = deliveries(gone).get(0);
    assertThat(refused.path("attempts").asInt()).isEqualTo(1);
    assertThat(refused.path("lastStatusCode").asInt()).isEqualTo(410);
    assertThat(refused.path("lastError").asText()).contains("HTTP 410").contains("not retried");
    assertThat(receiver.at("/gone")).hasSize(1);
  }

  @Test
  void aFailingRunAnnouncesRunFailedWithItsError() throws Exception {
    String url = receiver.route("/failures", () -> 200);
    webhook(url, List.of("run.failed"));
    Map<String, Object> d = classifier("needs-colour");
    d.put(
        "schema",
        List.of(
            Map.of("name", "alcohol", "type", "numeric"),
            Map.of("name", "colour", "type", "categorical")));
    assertThat(http.postJson("/v1/models", d).status()).isEqualTo(201);

    JsonNode run = train("needs-colour");
    assertThat(run.path("status").asText()).isEqualTo("FAILED");

    eventually(() -> !receiver.at("/failures").isEmpty());
    Receiver.Received got = receiver.at("/failures").get(0);
    assertThat(got.signatureValid()).isTrue();
    assertThat(got.event()).isEqualTo("run.failed");
    JsonNode body = got.json();
    assertThat(body.path("model").asText()).isEqualTo("needs-colour");
    assertThat(body.path("data").path("runId").asText()).isEqualTo(run.path("id").asText());
    assertThat(body.path("data").path("error").asText()).contains("'colour'");
  }

  @Test
  void aRunThatWaitsForApprovalAnnouncesApprovalPending() throws Exception {
    String url = receiver.route("/approvals", () -> 200);
    webhook(url, List.of("approval.pending"));
    Map<String, Object> d = classifier("needs-approval");
    d.put("release", Map.of("approval", "manual", "approvalTimeoutSeconds", 3600));
    assertThat(http.postJson("/v1/models", d).status()).isEqualTo(201);
    Http.Response started =
        http.postJson("/v1/models/needs-approval/runs", Map.of("dataset", "red"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String runId = started.json().path("id").asText();

    eventually(() -> !receiver.at("/approvals").isEmpty());
    Receiver.Received got = receiver.at("/approvals").get(0);
    assertThat(got.signatureValid()).isTrue();
    assertThat(got.event()).isEqualTo("approval.pending");
    assertThat(got.json().path("model").asText()).isEqualTo("needs-approval");
    assertThat(got.json().path("data").path("runId").asText()).isEqualTo(runId);
    assertThat(got.json().path("data").path("version").asInt()).isEqualTo(1);
    assertThat(http.get("/v1/runs/" + runId).json().path("status").asText())
        .isEqualTo("AWAITING_APPROVAL");
  }

  @Test
  void theSameEventPublishedAgainByARetriedActivityIsDeliveredOnce() throws Exception {
    String url = receiver.route("/once", () -> 200);
    String id = webhook(url, List.of("canary.promoted"));
    Webhooks publisher = publisher();

    publisher.publish("canary.promoted", "m/7", "m", Map.of("version", 2));
    publisher.publish("canary.promoted", "m/7", "m", Map.of("version", 2));
    eventually(() -> deliveries(id).findValuesAsText("status").contains("delivered"));
    Thread.sleep(500);
    assertThat(receiver.at("/once")).hasSize(1);
    assertThat(deliveries(id)).hasSize(1);

    publisher.publish("canary.promoted", "m/8", "m", Map.of("version", 3));
    eventually(() -> receiver.at("/once").size() == 2);
    assertThat(receiver.at("/once").get(1).json().path("data").path("version").asInt())
        .isEqualTo(3);
    assertThat(receiver.at("/once").get(0).json().path("id").asText())
        .isNotEqualTo(receiver.at("/once").get(1).json().path("id").asText());
  }

  @Test
  void servingWhiteWineToARedWineModelAnnouncesDriftOncePerStreak() throws Exception {
    String url = receiver.route("/drift", () -> 200);
    webhook(url, List.of("drift.detected"));
    Map<String, Object> d = classifier("drifting");
    d.put(
        "monitoring",
        Map.of("intervalSeconds", 1, "window", 400, "minWindow", 100, "cooldownSeconds", 3600));
    assertThat(http.postJson("/v1/models", d).status()).isEqualTo(201);
    assertThat(train("drifting").path("status").asText()).isEqualTo("SUCCEEDED");

    Http serving = http.serving("drifting");
    List<Map<String, Object>> white = rows(SharedData.whiteWine(), 400);
    for (int i = 0; i < white.size(); i += 100) {
      Http.Response r =
          serving.postJson(
              "/v1/models/drifting/predict", Map.of("instances", white.subList(i, i + 100)));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    eventually(() -> !receiver.at("/drift").isEmpty());
    Receiver.Received got = receiver.at("/drift").get(0);
    assertThat(got.signatureValid()).isTrue();
    assertThat(got.event()).isEqualTo("drift.detected");
    JsonNode data = got.json().path("data");
    assertThat(data.path("version").asInt()).isEqualTo(1);
    assertThat(data.path("driftedFeatures").toString()).contains("total_sulfur_dioxide");
    assertThat(data.path("reason").asText()).isNotBlank();
    // the monitor keeps finding the drift (a check per second); it was announced once
    long tripped = data.path("reportId").asLong();
    http.await(
        "/v1/models/drifting/drift",
        r ->
            r.json().path("latest").path("tripped").asBoolean()
                && r.json().path("latest").path("id").asLong() > tripped + 1,
        Duration.ofSeconds(30));
    assertThat(receiver.at("/drift")).hasSize(1);
  }

  /** {@code count} rows spread over a data file, without the target column. */
  static List<Map<String, Object>> rows(java.nio.file.Path csv, int count) throws Exception {
    List<String> lines = java.nio.file.Files.readAllLines(csv);
    String[] header = lines.get(0).split(",");
    List<Map<String, Object>> rows = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] cells = lines.get(1 + (int) ((long) i * (lines.size() - 1) / count)).split(",");
      Map<String, Object> row = new java.util.LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        if (!header[c].equals("quality")) {
          row.put(header[c], Double.parseDouble(cells[c]));
        }
      }
      rows.add(row);
    }
    return rows;
  }

  /** A publisher on the engine's store and Temporal, as the engine wires its own. */
  static Webhooks publisher() {
    KeelConfiguration config = APP.getConfiguration();
    KeelApplication.Wired wired = APP.<KeelApplication>getApplication().wired();
    return new Webhooks(
        wired.jdbi(),
        wired.temporal().client(),
        config.getWorker().getPipelineQueue(),
        APP.getObjectMapper(),
        new WebhookSecrets(null),
        new OutboundUrls(List.of(), true, "url", "webhooks", "webhook URLs"),
        config.getWebhooks());
  }

  @Test
  void canaryStepsAreAnnouncedOnceEachAndAnAbortOfNoCanaryNotAtAll() throws Exception {
    String url = receiver.route("/canary", () -> 200);
    webhook(url, List.of("deployment.done", "canary.promoted", "canary.rolled_back"));
    Map<String, Object> model = new HashMap<>();
    model.put("name", "canaried");
    model.put("task", "regression");
    model.put("target", "quality");
    model.put("trainer", Map.of("algorithm", "linear"));
    model.put(
        "release",
        Map.of(
            "approval",
            "auto",
            "canary",
            Map.of(
                "share", 0.5, "windowSeconds", 1, "maxErrorRate", 0.05, "maxLatencyRatio", 3.0)));
    assertThat(http.postJson("/v1/models", model).status()).isEqualTo(201);
    // the first version is deployed, the second goes out as a canary and is promoted
    for (int i = 0; i < 2; i++) {
      JsonNode run = train("canaried");
      assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    }
    eventually(() -> receiver.at("/canary").size() >= 2);

    // the deployment activities as a saga calls them: abort (and its retry), then a promotion
    // followed by the compensation of a canary that is no longer there
    KeelApplication.Wired wired = APP.<KeelApplication>getApplication().wired();
    DeploymentActivitiesImpl steps =
        new DeploymentActivitiesImpl(
            wired.serving().deployments(),
            wired.serving().predictor(),
            wired.lifecycles(),
            publisher());
    DeploymentRequest canary = new DeploymentRequest("canaried", 1, 0.5, "tester", "again");
    steps.startCanary(canary);
    steps.abortCanary(canary);
    steps.abortCanary(canary); // a retry
    steps.startCanary(canary);
    steps.promoteCanary(canary);
    steps.abortCanary(canary); // nothing to undo

    eventually(() -> receiver.at("/canary").size() >= 4);
    Thread.sleep(500);
    List<Receiver.Received> got = receiver.at("/canary");
    assertThat(got)
        .extracting(Receiver.Received::event)
        .containsExactly(
            "deployment.done", "canary.promoted", "canary.rolled_back", "canary.promoted");
    assertThat(got).allMatch(Receiver.Received::signatureValid);
    assertThat(got.get(0).json().path("data").path("version").asInt()).isEqualTo(1);
    assertThat(got.get(1).json().path("data").path("version").asInt()).isEqualTo(2);
    assertThat(got.get(2).json().path("data").path("version").asInt()).isEqualTo(2);
    assertThat(got.get(2).json().path("data").path("canaryVersion").asInt()).isEqualTo(1);
    assertThat(got.get(3).json().path("data").path("version").asInt()).isEqualTo(1);

    // a deployment by hand is announced too; deploying what is served changes nothing, says nothing
    assertThat(http.postJson("/v1/models/canaried/deploy", Map.of("version", 2)).status())
        .isEqualTo(200);
    assertThat(http.postJson("/v1/models/canaried/deploy", Map.of("version", 2)).status())
        .isEqualTo(200);
    eventually(() -> receiver.at("/canary").size() >= 5);
    Thread.sleep(500);
    List<Receiver.Received> all = receiver.at("/canary");
    assertThat(all).hasSize(5);
    assertThat(all.get(4).event()).isEqualTo("deployment.done");
    assertThat(all.get(4).json().path("data").path("version").asInt()).isEqualTo(2);
    assertThat(all.get(4).json().path("data").path("actor").asText()).isEqualTo("admin");
  }

  @Test
  void webhooksAreListedShownAndDeletedWithoutTheirSecretAndAudited() {
    String id = webhook(receiver.route("/crud", () -> 200), List.of("drift.detected"));

    JsonNode shown = http.get("/v1/webhooks/" + id).json();
    assertThat(shown.path("url").asText()).endsWith("/crud");
    assertThat(shown.path("events").findValuesAsText("events")).isEmpty();
    assertThat(shown.path("events").get(0).asText()).isEqualTo("drift.detected");
    assertThat(shown.path("description").asText()).isEqualTo("test");
    assertThat(shown.path("secretEncrypted").asBoolean()).isTrue();
    assertThat(shown.has("secret")).isFalse();
    Http.Response listed = http.get("/v1/webhooks");
    assertThat(listed.json().path("webhooks").findValuesAsText("id")).contains(id);
    assertThat(listed.text()).doesNotContain(SECRET);

    assertThat(http.request("DELETE", "/v1/webhooks/" + id, null).status()).isEqualTo(204);
    Http.Response missing = http.get("/v1/webhooks/" + id);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.message()).contains(id);
    assertThat(http.get("/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
    assertThat(http.request("DELETE", "/v1/webhooks/" + id, null).status()).isEqualTo(404);

    JsonNode audit = http.get("/v1/audit?limit=1000").json().path("entries");
    assertThat(audit.findValuesAsText("action")).contains("webhook-create", "webhook-delete");
    assertThat(http.get("/v1/audit?limit=1000").text()).contains(id).doesNotContain(SECRET);
  }

  @Test
  void badInputGets400NamingTheField() {
    String ok = receiver.route("/never", () -> 200);
    assertThat(bad(Map.of("events", List.of("run.failed"), "secret", SECRET))).contains("'url'");
    assertThat(
            bad(
                Map.of(
                    "url", "ftp://127.0.0.1/x", "events", List.of("run.failed"), "secret", SECRET)))
        .contains("'url'")
        .contains("http");
    assertThat(bad(Map.of("url", "not a url", "events", List.of("run.failed"), "secret", SECRET)))
        .contains("'url'");
    assertThat(
            bad(
                Map.of(
                    "url",
                    "http://example.com/hook",
                    "events",
                    List.of("run.failed"),
                    "secret",
                    SECRET)))
        .contains("'url'")
        .contains("webhooks.urlAllowList");
    assertThat(bad(Map.of("url", ok, "events", List.of("model.exploded"), "secret", SECRET)))
        .contains("'events'")
        .contains("'model.exploded'")
        .contains("version.registered")
        .contains("run.failed");
    assertThat(bad(Map.of("url", ok, "events", List.of(), "secret", SECRET))).contains("'events'");
    assertThat(bad(Map.of("url", ok, "events", List.of("run.failed")))).contains("'secret'");
    assertThat(bad(Map.of("url", ok, "events", List.of("run.failed"), "secret", " ")))
        .contains("'secret'");
    assertThat(
            http.postJson(
                    "/v1/webhooks",
                    Map.of(
                        "url", ok, "events", List.of("run.failed"), "secret", SECRET, "colour", 1))
                .status())
        .isEqualTo(400);
  }

  static String bad(Map<String, Object> body) {
    Http.Response r = http.postJson("/v1/webhooks", body);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    return r.message();
  }

  @Test
  void onlyAdministratorsManageWebhooks() {
    Map<String, Object> body =
        Map.of("url", receiver.route("/auth", () -> 200), "events", List.of("*"), "secret", SECRET);
    assertThat(http.anonymous().postJson("/v1/webhooks", body).status()).isEqualTo(401);
    assertThat(http.anonymous().get("/v1/webhooks").status()).isEqualTo(401);
    Http operator = http.user("ops-olga", "operator");
    assertThat(operator.postJson("/v1/webhooks", body).status()).isEqualTo(403);
    assertThat(operator.get("/v1/webhooks").status()).isEqualTo(403);
    Http viewer = http.user("viewer-vic", "viewer");
    assertThat(viewer.get("/v1/webhooks").status()).isEqualTo(403);
    Http admin = http.user("admin-ada", "admin");
    assertThat(admin.postJson("/v1/webhooks", body).status()).isEqualTo(201);
  }
}
