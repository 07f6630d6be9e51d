package dev.keel.engine.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console in a real browser (Debian's headless Chromium) against a real engine: sign in,
 * models, a model trained on red wine, approval by a second user (and the separation-of-duties
 * refusal shown to the first), two runs compared in plots, drift after white-wine traffic, lineage,
 * audit; a viewer sees no decision buttons and a forged cross-site request is refused. Screenshots
 * of every page land in target/console-screenshots.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(600)
class ConsoleBrowserTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static Browser browser;

  @BeforeAll
  static void start() {
    browser = new Browser("http://127.0.0.1:" + APP.getLocalPort());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void aPersonSeesComparesAndDecidesInTheConsole() throws IOException {
    Http http = Http.api(APP);
    String base = http.base();
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
    assertThat(http.postJson("/v1/models", model("wine-console", "logistic", "manual")).status())
        .isEqualTo(201);
    assertThat(http.postJson("/v1/models", model("wine-cart", "cart", "auto")).status())
        .isEqualTo(201);
    String first =
        http.postJson("/v1/models/wine-console/runs", Map.of("dataset", "red"))
            .json()
            .path("id")
            .asText();
    String cart =
        http.postJson("/v1/models/wine-cart/runs", Map.of("dataset", "red"))
            .json()
            .path("id")
            .asText();
    awaitStatus(http, first, "AWAITING_APPROVAL");
    JsonNode cartRun = awaitStatus(http, cart, "SUCCEEDED");
    String alice = token(http, "alice", "approver");
    String victor = token(http, "victor", "viewer");

    // the page needs a session: without one it asks to sign in; a wrong token is refused with the
    // reason
    browser.open("");
    browser.find("#signin");
    assertThat(browser.driver.getCurrentUrl()).contains("#/signin");
    browser.signIn("keel_not-a-token");
    assertThat(browser.awaitText("#signin-error", "")).isNotBlank();
    browser.screenshot("01-signin");
    browser.signIn(TestStack.ADMIN_TOKEN);
    assertThat(browser.sessionCookie()).isNotBlank();
    assertThat(browser.js("return document.cookie"))
        .as("the session cookie is HttpOnly")
        .isEqualTo("");
    assertThat(
            String.valueOf(
                browser.js("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)")))
        .doesNotContain(TestStack.ADMIN_TOKEN);

    // Models: every model with its champion and last run
    browser.open("#/models");
    assertThat(browser.text("#models"))
        .contains("wine-console")
        .contains("wine-cart")
        .contains("AWAITING_APPROVAL");
    browser.find("#model-search").sendKeys("cart");
    assertThat(browser.text("#models")).contains("wine-cart").doesNotContain("wine-console");
    browser.screenshot("02-models");

    // Model: versions, runs, lifecycle timeline; the admin holds every role, so the buttons are
    // there
    browser.open("#/models/wine-console");
    assertThat(browser.text("main")).contains("Versions").contains("v1").contains("Lifecycle");
    assertThat(browser.has("#retrain")).isTrue();
    browser.fullScreenshot("03-model");

    // Run: the admin started it, so the server refuses the admin's approval and the page says why
    browser.open("#/runs/" + first);
    assertThat(browser.text("#stages")).contains("train");
    browser.find("#approve").click();
    assertThat(browser.awaitText("#approval-result", "separation of duties"))
        .contains("'admin' started run");
    browser.fullScreenshot("04-run-refused");
    browser.signOut();
    assertThat(
            http.anonymous()
                .request(
                    "GET", "/v1/me", null, "Cookie", "keel_console=" + "x", "X-Keel-Console", "1")
                .status())
        .isEqualTo(401);

    // a second person approves; the candidate deploys
    browser.signIn(alice);
    browser.open("#/runs/" + first);
    browser.find("#approval-comment").sendKeys("holdout looks fine");
    browser.find("#approve").click();
    assertThat(browser.awaitText("#approval-result", "Approved by alice")).isNotBlank();
    JsonNode approved = awaitStatus(http, first, "SUCCEEDED");
    assertThat(approved.path("approval").path("comment").asText()).isEqualTo("holdout looks fine");
    http.await(
        "/v1/models/wine-console/deployments",
        r -> r.json().path("state").path("version").asInt() == 1,
        Duration.ofSeconds(30));
    browser.open("#/models/wine-console");
    assertThat(browser.text(".summary")).containsPattern("(?i)served\\s+v1");
    browser.open("#/runs/" + first);
    assertThat(browser.text("main")).contains("alice").contains("holdout looks fine");
    browser.fullScreenshot("05-run-approved");
    String aliceCookie = browser.sessionCookie();
    browser.signOut();
    assertThat(
            http.anonymous()
                .request(
                    "GET",
                    "/v1/me",
                    null,
                    "Cookie",
                    "keel_console=" + aliceCookie,
                    "X-Keel-Console",
                    "1")
                .status())
        .as("signed out: the old cookie is dead")
        .isEqualTo(401);

    // Compare: two Keel runs (logistic against CART) side by side, one bar per run and metric
    browser.signIn(TestStack.ADMIN_TOKEN);
    browser.open("#/compare?runs=" + first + "," + cart);
    assertThat(browser.text("#compare-params"))
        .contains("algorithm")
        .contains("logistic")
        .contains("cart");
    assertThat(
            browser.js(
                "return [...document.querySelectorAll('#compare-params tr.differs th')].map(t => t.textContent)"))
        .asString()
        .contains("algorithm");
    List<?> bars =
        (List<?>)
            browser.js(
                "return window.keelCharts.filter(c => c.kind === 'bar' && c.title === 'accuracy')"
                    + ".map(c => ({labels: c.series, values: c.data[1]}))");
    assertThat(bars).hasSize(1);
    Map<?, ?> accuracy = (Map<?, ?>) bars.get(0);
    assertThat((List<?>) accuracy.get("labels")).hasSize(2);
    List<?> values = (List<?>) accuracy.get("values");
    assertThat(((Number) values.get(0)).doubleValue())
        .isEqualTo(approved.path("metrics").path("accuracy").asDouble());
    assertThat(((Number) values.get(1)).doubleValue())
        .isEqualTo(cartRun.path("metrics").path("accuracy").asDouble());
    browser.fullScreenshot("06-compare-runs");

    // Compare: MLflow runs with metric histories, curves overlaid
    String experiment =
        http.postJson("/api/2.0/mlflow/experiments/create", Map.of("name", "console-curves"))
            .json()
            .path("experiment_id")
            .asText();
    List<String> tracked = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      String id =
          http.postJson(
                  "/api/2.0/mlflow/runs/create",
                  Map.of(
                      "experiment_id", experiment, "run_name", "lr-" + (r == 0 ? "0.1" : "0.01")))
              .json()
              .path("run")
              .path("info")
              .path("run_id")
              .asText();
      List<Map<String, Object>> metrics = new ArrayList<>();
      for (int step = 0; step < 5; step++) {
        metrics.add(
            Map.of(
                "key",
                "loss",
                "value",
                1.0 / (step + 1 + r),
                "timestamp",
                1000L + step,
                "step",
                step));
      }
      assertThat(
              http.postJson(
                      "/api/2.0/mlflow/runs/log-batch",
                      Map.of(
                          "run_id",
                          id,
                          "metrics",
                          metrics,
                          "params",
                          List.of(Map.of("key", "lr", "value", r == 0 ? "0.1" : "0.01"))))
                  .status())
          .isEqualTo(200);
      tracked.add(id);
    }
    browser.open("#/compare?tracking=" + String.join(",", tracked));
    List<?> curves =
        (List<?>)
            browser.js(
                "return window.keelCharts.filter(c => c.kind === 'line')"
                    + ".map(c => ({title: c.title, labels: c.series, data: c.data}))");
    assertThat(curves).hasSize(1);
    Map<?, ?> loss = (Map<?, ?>) curves.get(0);
    assertThat(loss.get("title")).isEqualTo("loss over steps");
    assertThat(loss.get("labels")).isEqualTo(List.of("lr-0.1", "lr-0.01"));
    List<?> data = (List<?>) loss.get("data");
    assertThat(data).hasSize(3); // steps, then one series per run
    assertThat(((List<?>) data.get(1)).stream().map(v -> ((Number) v).doubleValue()).toList())
        .containsExactly(1.0, 0.5, 1.0 / 3, 0.25, 0.2);
    assertThat(((List<?>) data.get(2)).stream().map(v -> ((Number) v).doubleValue()).toList())
        .containsExactly(0.5, 1.0 / 3, 0.25, 0.2, 1.0 / 6);
    browser.fullScreenshot("07-compare-curves");

    // Drift: red wine, then white wine; the page names the drifted features
    Http serving = servingToken(http, "wine-console");
    predict(serving, rows(SharedData.redWine(), 400));
    labelled(serving, 100);
    predict(serving, rows(SharedData.whiteWine(), 400));
    http.await(
        "/v1/models/wine-console/drift",
        r -> r.json().path("latest").path("tripped").asBoolean(),
        Duration.ofSeconds(60));
    browser.open("#/models/wine-console/drift");
    assertThat(browser.text("#drift-summary")).contains("total_sulfur_dioxide");
    List<?> psi =
        (List<?>)
            browser.js(
                "return window.keelCharts.filter(c => c.title === 'PSI').map(c => c.series)");
    assertThat(psi).hasSize(1);
    assertThat(psi.get(0)).asString().contains("total_sulfur_dioxide");
    assertThat(
            browser.js("return window.keelCharts.filter(c => c.title === 'live accuracy').length"))
        .as("live accuracy from the labelled red-wine feedback is plotted over time")
        .isEqualTo(1L);
    browser.fullScreenshot("08-drift");

    // Lineage and the reverse view, and the audit log with its chain check
    browser.open("#/models/wine-console/versions/1/lineage");
    assertThat(browser.text("#lineage-graph"))
        .contains("red")
        .contains("run")
        .contains("wine-console v1");
    browser.fullScreenshot("09-lineage");
    browser.find("#lineage-graph a[href^='#/datasets/']").click();
    browser.ready();
    assertThat(browser.text("main")).contains("wine-console").contains("wine-cart");
    browser.screenshot("10-dataset-usage");
    browser.open("#/audit");
    assertThat(browser.text("#audit-verify")).contains("chain intact");
    assertThat(browser.text("table.audit")).contains("alice");
    browser.screenshot("11-audit");
    browser.signOut();

    // the drift retrained by itself: a new candidate awaits approval
    JsonNode runs =
        http.await(
                "/v1/models/wine-console/runs",
                r -> r.json().path("runs").size() >= 2,
                Duration.ofSeconds(60))
            .json();
    String retrain = runs.path("runs").get(0).path("id").asText();
    awaitStatus(http, retrain, "AWAITING_APPROVAL");

    // a forged cross-site request with an approver's session cookie but without the console's
    // header is refused
    browser.signIn(alice);
    String cookie = browser.sessionCookie();
    Http.Response forged =
        http.anonymous()
            .request(
                "POST",
                "/v1/runs/" + retrain + "/approval",
                "{\"decision\":\"approve\"}",
                "Content-Type",
                "application/json",
                "Cookie",
                "keel_console=" + cookie,
                "Origin",
                "https://evil.example");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.message()).contains("cross-site");
    Http.Response otherOrigin =
        http.anonymous()
            .request(
                "POST",
                "/v1/runs/" + retrain + "/approval",
                "{\"decision\":\"approve\"}",
                "Content-Type",
                "application/json",
                "Cookie",
                "keel_console=" + cookie,
                "X-Keel-Console",
                "1",
                "Origin",
                "https://evil.example");
    assertThat(otherOrigin.status()).isEqualTo(403);
    assertThat(http.get("/v1/runs/" + retrain).json().path("status").asText())
        .isEqualTo("AWAITING_APPROVAL");
    browser.signOut();

    // a viewer sees the candidate but no approve, deploy, rollback or retrain button; the server
    // refuses anyway
    browser.signIn(victor);
    browser.open("#/runs/" + retrain);
    assertThat(browser.text("#approval")).contains("no approver role");
    assertThat(browser.has("#approve")).isFalse();
    browser.screenshot("12-run-viewer");
    browser.open("#/models/wine-console");
    assertThat(browser.has("#deploy") || browser.has("#rollback") || browser.has("#retrain"))
        .isFalse();
    assertThat(browser.text("header")).doesNotContain("Audit");
    Object refused =
        browser.asyncJs(
            "const done = arguments[arguments.length - 1];"
                + "fetch('/v1/runs/"
                + retrain
                + "/approval', {method: 'POST', headers: {'X-Keel-Console': '1',"
                + " 'Content-Type': 'application/json'}, body: JSON.stringify({decision: 'approve'})})"
                + ".then(r => r.text().then(t => done(r.status + ' ' + t)))");
    assertThat(refused).asString().startsWith("403").contains("lacks permission 'approve'");
    assertThat(http.get("/v1/runs/" + retrain).json().path("status").asText())
        .isEqualTo("AWAITING_APPROVAL");
    browser.signOut();

    // bearer-token calls are as before, with or without a cookie beside them
    assertThat(http.get("/v1/models/wine-console").status()).isEqualTo(200);
    assertThat(http.anonymous().get("/v1/models").status()).isEqualTo(401);
    assertThat(http.anonymous().get("/").text()).contains("<div id=\"app\">");
  }

  /**
   * The compare picker (MLflow runs of an experiment), audit filters and the refusal a non-admin
   * sees, the model page's Retrain and Roll back buttons clicked, and a sweep's parallel
   * coordinates.
   */
  @Test
  void aPersonPicksRunsFiltersTheAuditActsOnAModelAndReadsASweep() {
    Http http = Http.api(APP);
    Http.Response data =
        http.postJson(
            "/v1/datasets",
            Map.of("name", "red-acts", "source", SharedData.redWine().toUri().toString()));
    assertThat(data.status()).as(data.text()).isEqualTo(201);

    // Compare picker: no runs in the URL; pick two MLflow runs of an experiment, see the curves
    String experiment =
        http.postJson("/api/2.0/mlflow/experiments/create", Map.of("name", "picker-exp"))
            .json()
            .path("experiment_id")
            .asText();
    for (String name : List.of("pick-a", "pick-b", "pick-c")) {
      String id =
          http.postJson(
                  "/api/2.0/mlflow/runs/create",
                  Map.of("experiment_id", experiment, "run_name", name))
              .json()
              .path("run")
              .path("info")
              .path("run_id")
              .asText();
      List<Map<String, Object>> metrics = new ArrayList<>();
      for (int step = 0; step < 4; step++) {
        metrics.add(
            Map.of(
                "key",
                "loss",
                "value",
                (name.charAt(5) - 'a' + 1.0) / (step + 1),
                "timestamp",
                1000L + step,
                "step",
                step));
      }
      assertThat(
              http.postJson(
                      "/api/2.0/mlflow/runs/log-batch", Map.of("run_id", id, "metrics", metrics))
                  .status())
          .isEqualTo(200);
    }
    browser.signIn(TestStack.ADMIN_TOKEN);
    browser.open("#/compare");
    new org.openqa.selenium.support.ui.Select(browser.find("#compare-experiment"))
        .selectByVisibleText("picker-exp");
    browser.awaitText("#compare-tracking", "pick-c");
    assertThat(browser.find("#compare-go").isEnabled()).isFalse();
    for (String name : List.of("pick-a", "pick-c")) {
      browser
          .driver
          .findElement(
              org.openqa.selenium.By.xpath(
                  "//div[@id='compare-tracking']//label[contains(., '" + name + "')]/input"))
          .click();
    }
    assertThat(browser.text("#compare-count")).isEqualTo("2 runs picked");
    browser.screenshot("14-compare-picker");
    browser.find("#compare-go").click();
    browser.until("return window.keelCharts.some(c => c.kind === 'line')");
    assertThat(browser.driver.getCurrentUrl()).contains("#/compare?tracking=");
    List<?> picked =
        (List<?>)
            browser.js(
                "return window.keelCharts.filter(c => c.kind === 'line')"
                    + ".map(c => ({labels: c.series, data: c.data}))");
    assertThat(picked).hasSize(1);
    Map<?, ?> pickedLoss = (Map<?, ?>) picked.get(0);
    List<?> pickedLabels = (List<?>) pickedLoss.get("labels");
    assertThat(pickedLabels).asString().isIn("[pick-a, pick-c]", "[pick-c, pick-a]");
    assertThat(
            ((List<?>) ((List<?>) pickedLoss.get("data")).get(1 + pickedLabels.indexOf("pick-c")))
                .stream().map(v -> ((Number) v).doubleValue()).toList())
        .containsExactly(3.0, 1.5, 1.0, 0.75);
    browser.fullScreenshot("15-compare-picked");

    // Model page: Roll back with one version served is refused, and the page shows why; Retrain
    // starts a run that appears on the timeline; with two versions served, Roll back serves v1
    Map<String, Object> acts = model("wine-acts", "logistic", "auto");
    acts.put("dataset", "red-acts");
    assertThat(http.postJson("/v1/models", acts).status()).isEqualTo(201);
    String firstRun =
        http.postJson("/v1/models/wine-acts/runs", Map.of("dataset", "red-acts"))
            .json()
            .path("id")
            .asText();
    awaitStatus(http, firstRun, "SUCCEEDED");
    http.await(
        "/v1/models/wine-acts/deployments",
        r -> r.json().path("state").path("version").asInt() == 1,
        Duration.ofSeconds(30));
    browser.open("#/models/wine-acts");
    browser.find("#rollback").click();
    assertThat(browser.awaitText("#action-result", "Error 409"))
        .contains("has served no version before version 1");
    browser.screenshot("16-model-rollback-refused");
    int linksBefore = timelineRuns().size();
    browser.find("#retrain").click();
    assertThat(browser.awaitText("#action-result", "Retrain: done")).isNotBlank();
    new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(90))
        .pollingEvery(Duration.ofSeconds(1))
        .until(
            d -> {
              browser.reload();
              return timelineRuns().stream().anyMatch(href -> !href.endsWith(firstRun));
            });
    assertThat(timelineRuns().size()).isGreaterThan(linksBefore);
    JsonNode retrained = http.get("/v1/models/wine-acts/runs").json().path("runs").get(0);
    assertThat(retrained.path("id").asText()).isNotEqualTo(firstRun);
    awaitStatus(http, retrained.path("id").asText(), "SUCCEEDED");
    http.await(
        "/v1/models/wine-acts/deployments",
        r -> r.json().path("state").path("version").asInt() == 2,
        Duration.ofSeconds(60));
    browser.reload();
    assertThat(browser.text(".summary")).containsPattern("(?i)served\\s+v2");
    browser.find("#rollback").click();
    assertThat(browser.awaitText("#action-result", "Roll back: done")).isNotBlank();
    http.await(
        "/v1/models/wine-acts/deployments",
        r -> r.json().path("state").path("version").asInt() == 1,
        Duration.ofSeconds(30));
    browser.reload();
    assertThat(browser.text(".summary")).containsPattern("(?i)served\\s+v1");
    browser.fullScreenshot("17-model-rolled-back");

    // a schedule shows on the model page; Pause and Resume act on it and the timeline says so
    assertThat(browser.text(".summary")).containsPattern("(?i)schedule\\s+none");
    assertThat(
            http.request(
                    "PUT",
                    "/v1/models/wine-acts/schedule",
                    "{\"cron\": \"0 3 * * 1\", \"timezone\": \"Europe/Berlin\"}",
                    "Content-Type",
                    "application/json")
                .status())
        .isEqualTo(201);
    browser.reload();
    assertThat(browser.text("#schedule")).contains("0 3 * * 1 (Europe/Berlin)").contains("next");
    browser.find("#schedule-pause").click();
    assertThat(browser.awaitText("#action-result", "Pause schedule: done")).isNotBlank();
    assertThat(http.get("/v1/models/wine-acts/schedule").json().path("paused").asBoolean())
        .isTrue();
    browser.reload();
    assertThat(browser.text("#schedule")).contains("paused");
    assertThat(browser.text("#timeline")).contains("schedule-paused");
    browser.find("#schedule-resume").click();
    assertThat(browser.awaitText("#action-result", "Resume schedule: done")).isNotBlank();
    assertThat(http.get("/v1/models/wine-acts/schedule").json().path("paused").asBoolean())
        .isFalse();
    // the page renders itself again after an action: the schedule offers Pause once more
    browser.find("#schedule-pause");
    browser.ready();

    // Audit: a filter narrows the rows and is named above them
    browser.open("#/audit");
    int all =
        browser
            .driver
            .findElements(org.openqa.selenium.By.cssSelector("table.audit tbody tr"))
            .size();
    browser.find("#audit-action").sendKeys("rollback");
    browser.find("#audit-apply").click();
    browser.awaitText("#audit-filters", "filtered:");
    browser.ready();
    List<org.openqa.selenium.WebElement> rows =
        browser.driver.findElements(org.openqa.selenium.By.cssSelector("table.audit tbody tr"));
    assertThat(rows).isNotEmpty().hasSizeLessThan(all);
    for (org.openqa.selenium.WebElement row : rows) {
      assertThat(row.getText().toLowerCase(java.util.Locale.ROOT)).contains("rollback");
    }
    assertThat(browser.text("#audit-filters"))
        .contains("of " + all + " entries shown")
        .contains("action or target contains");
    browser.js("document.getElementById('audit-from').value = '2100-01-01T00:00:00'");
    browser.find("#audit-apply").click();
    browser.awaitText("#audit-filters", "· from ");
    browser.ready();
    assertThat(browser.text("table.audit")).contains("no entries match the filters");
    browser.screenshot("18-audit-filtered");
    browser.signOut();

    // a non-admin opening the audit page reads the refusal, not a blank page
    String olga = token(http, "olga", "operator");
    browser.signIn(olga);
    browser.open("#/audit");
    assertThat(browser.text("#audit-refused")).contains("Error 403").contains("admins only");
    browser.screenshot("19-audit-refused");
    browser.signOut();

    // a sweep's run page: parallel coordinates of the trial parameters against the metric
    Map<String, Object> swept = model("wine-sweep", "logistic", "auto");
    swept.put("dataset", "red-acts");
    swept.put(
        "sweep",
        Map.of(
            "strategy",
            "grid",
            "space",
            Map.of("learningRate", List.of(0.01, 0.1, 1), "epochs", List.of(5, 10)),
            "concurrency",
            2,
            "metric",
            "accuracy"));
    Http.Response created = http.postJson("/v1/models", swept);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String sweepRun =
        http.postJson("/v1/models/wine-sweep/runs", Map.of("dataset", "red-acts"))
            .json()
            .path("id")
            .asText();
    awaitStatus(http, sweepRun, "SUCCEEDED");
    browser.signIn(TestStack.ADMIN_TOKEN);
    browser.open("#/runs/" + sweepRun);
    assertThat(browser.text("main")).contains("Sweep trials (6)");
    List<?> parallel =
        (List<?>)
            browser.js(
                "return window.keelCharts.filter(c => c.kind === 'parallel')"
                    + ".map(c => ({axes: c.series, data: c.data, rows: c.rows}))");
    assertThat(parallel).hasSize(1);
    Map<?, ?> coords = (Map<?, ?>) parallel.get(0);
    assertThat(String.valueOf(coords.get("axes")))
        .as("the parameters that vary, then the metric")
        .isIn("[learningRate, epochs, accuracy]", "[epochs, learningRate, accuracy]");
    assertThat((List<?>) coords.get("rows")).hasSize(6);
    List<?> axes = (List<?>) coords.get("axes");
    List<?> rates = (List<?>) ((List<?>) coords.get("data")).get(axes.indexOf("learningRate"));
    assertThat(rates.stream().map(v -> ((Number) v).doubleValue()).distinct().sorted().toList())
        .containsExactly(0.01, 0.1, 1.0);
    assertThat(axes.get(2)).isEqualTo("accuracy");
    assertThat(
            browser
                .driver
                .findElements(org.openqa.selenium.By.cssSelector("#trials svg.parcoords path"))
                .size())
        .isEqualTo(6);
    assertThat(browser.has("#trials ~ table tbody tr")).isTrue();
    browser.fullScreenshot("20-sweep-parallel");
    browser.signOut();
  }

  /** The run links on the model page's lifecycle timeline. */
  List<String> timelineRuns() {
    return browser
        .driver
        .findElements(org.openqa.selenium.By.cssSelector("#timeline a[href^='#/runs/']"))
        .stream()
        .map(a -> a.getAttribute("href"))
        .toList();
  }

  /**
   * The compare page for 20 MLflow runs of 5 metrics with 1,000 steps each: every curve is plotted
   * with every point. Prints the time from opening the page to the last chart drawn (fetches
   * included); not asserted.
   */
  @Test
  void comparePageRendersTwentyRunsOfFiveMetricsOfAThousandSteps() {
    Http http = Http.api(APP);
    String experiment =
        http.postJson("/api/2.0/mlflow/experiments/create", Map.of("name", "console-bench"))
            .json()
            .path("experiment_id")
            .asText();
    List<String> ids = new ArrayList<>();
    for (int r = 0; r < 20; r++) {
      String id =
          http.postJson(
                  "/api/2.0/mlflow/runs/create",
                  Map.of("experiment_id", experiment, "run_name", "run-" + r))
              .json()
              .path("run")
              .path("info")
              .path("run_id")
              .asText();
      for (int m = 0; m < 5; m++) {
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (int step = 0; step < 1000; step++) {
          metrics.add(
              Map.of(
                  "key",
                  "metric_" + m,
                  "value",
                  Math.exp(-step / (200.0 + 10 * r)) + m,
                  "timestamp",
                  1_000L + step,
                  "step",
                  step));
        }
        Http.Response logged =
            http.postJson(
                "/api/2.0/mlflow/runs/log-batch", Map.of("run_id", id, "metrics", metrics));
        assertThat(logged.status()).as(logged.text()).isEqualTo(200);
      }
      assertThat(
              http.postJson(
                      "/api/2.0/mlflow/runs/log-batch",
                      Map.of(
                          "run_id",
                          id,
                          "params",
                          List.of(Map.of("key", "decay", "value", "" + (200 + 10 * r)))))
                  .status())
          .isEqualTo(200);
      ids.add(id);
    }
    browser.signIn(TestStack.ADMIN_TOKEN);
    double best = Double.MAX_VALUE;
    for (int attempt = 0; attempt < 3; attempt++) {
      browser.open("#/models");
      browser.open("#/compare?tracking=" + String.join(",", ids));
      best = Math.min(best, ((Number) browser.js("return window.keelRenderMs")).doubleValue());
    }
    List<?> curves =
        (List<?>)
            browser.js(
                "return window.keelCharts.filter(c => c.kind === 'line')"
                    + ".map(c => [c.series.length, c.data[0].length, c.data[20][999]])");
    assertThat(curves).hasSize(5);
    for (Object c : curves) {
      List<?> shape = (List<?>) c;
      assertThat(((Number) shape.get(0)).intValue()).isEqualTo(20);
      assertThat(((Number) shape.get(1)).intValue()).isEqualTo(1000);
    }
    browser.fullScreenshot("13-compare-20-runs");
    System.out.printf(
        java.util.Locale.ROOT,
        "console compare page, 20 runs x 5 metrics x 1,000 steps: %.0f ms "
            + "(best of 3, fetches included)%n",
        best);
    browser.signOut();
  }

  static Map<String, Object> model(String name, String algorithm, String approval) {
    Map<String, Object> model = new HashMap<>();
    model.put("name", name);
    model.put("task", "classification");
    model.put("target", "quality");
    model.put("binarize", Map.of("op", ">=", "value", 6));
    model.put("trainer", Map.of("algorithm", algorithm));
    model.put("gates", List.of(Map.of("metric", "accuracy", "op", ">=", "value", 0.6)));
    model.put("dataset", "red");
    model.put("release", Map.of("approval", approval, "approvalTimeoutSeconds", 3600));
    model.put(
        "monitoring",
        Map.of("intervalSeconds", 1, "window", 400, "minWindow", 100, "cooldownSeconds", 0));
    return model;
  }

  static JsonNode awaitStatus(Http http, String runId, String status) {
    JsonNode run =
        http.await(
                "/v1/runs/" + runId,
                r ->
                    status.equals(r.json().path("status").asText())
                        || !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(90))
            .json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo(status);
    return run;
  }

  /**
   * A user with the given roles and a new API token of theirs (what a person pastes into the
   * sign-in page).
   */
  static String token(Http admin, String name, String... roles) {
    assertThat(admin.postJson("/v1/users", Map.of("name", name)).status()).isEqualTo(201);
    for (String role : roles) {
      assertThat(admin.postJson("/v1/users/" + name + "/grants", Map.of("role", role)).status())
          .isEqualTo(200);
    }
    return admin.postJson("/v1/tokens", Map.of("user", name)).json().path("token").asText();
  }

  static Http servingToken(Http admin, String model) {
    return admin.serving(model);
  }

  static void predict(Http serving, List<Map<String, Object>> rows) {
    for (int i = 0; i < rows.size(); i += 100) {
      Http.Response r =
          serving.postJson(
              "/v1/models/wine-console/predict",
              Map.of("instances", rows.subList(i, Math.min(rows.size(), i + 100))));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
    }
  }

  /** Predicts the first {@code count} red-wine rows and sends each one's true label as feedback. */
  static void labelled(Http serving, int count) throws IOException {
    List<String> lines = Files.readAllLines(SharedData.redWine());
    String[] header = lines.get(0).split(",");
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> truth = new ArrayList<>();
    for (String line : lines.subList(1, count + 1)) {
      String[] cells = line.split(",");
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        if (header[c].equals("quality")) {
          truth.add(Double.parseDouble(cells[c]) >= 6 ? "1" : "0");
        } else {
          row.put(header[c], Double.parseDouble(cells[c]));
        }
      }
      rows.add(row);
    }
    JsonNode answer =
        serving.postJson("/v1/models/wine-console/predict", Map.of("instances", rows)).json();
    for (int i = 0; i < count; i++) {
      Http.Response f =
          serving.postJson(
              "/v1/models/wine-console/feedback",
              Map.of(
                  "predictionId",
                  answer.path("predictionIds").get(i).asText(),
                  "label",
                  truth.get(i)));
      assertThat(f.status()).as(f.text()).isEqualTo(201);
    }
  }

  /** {@code count} rows spread evenly over the file, without the target. */
  static List<Map<String, Object>> rows(Path csv, int count) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] cells = lines.get(1 + (int) ((long) i * (lines.size() - 1) / count)).split(",");
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        if (!header[c].equals("quality")) {
          row.put(header[c], Double.parseDouble(cells[c]));
        }
      }
      rows.add(row);
    }
    return rows;
  }
}
