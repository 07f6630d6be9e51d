package dev.keel.engine.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A data subject's erasure over HTTP: the red wine data with a customer id per row (each id on 4
 * rows), a model trained and served on it, predictions logged with the id; then the erasure cleans
 * the data, the logs and retrains.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ErasureApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static final String SUBJECT = "cust-7";

  static String peopleCsv() throws Exception {
    List<String> lines = Files.readAllLines(SharedData.redWine());
    StringBuilder csv = new StringBuilder(lines.get(0)).append(",customer_id\n");
    for (int i = 1; i < lines.size(); i++) {
      csv.append(lines.get(i)).append(",cust-").append((i - 1) % 400).append('\n');
    }
    return csv.toString();
  }

  static Map<String, Object> model(String name, List<String> exclude) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "regression");
    d.put("target", "quality");
    d.put("trainer", Map.of("algorithm", "linear"));
    d.put("exclude", exclude);
    d.put("subjectColumn", "customer_id");
    d.put("dataset", "people");
    return d;
  }

  static Map<String, Object> instance(String customer) throws Exception {
    List<String> lines = Files.readAllLines(SharedData.redWine());
    String[] header = lines.get(0).split(",");
    String[] cells = lines.get(1).split(",");
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      if (!header[i].equals("quality")) {
        row.put(header[i], Double.parseDouble(cells[i]));
      }
    }
    row.put("customer_id", customer);
    return row;
  }

  static long logged(String customer) {
    return APP.<KeelApplication>getApplication()
        .wired()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM prediction_log WHERE inputs ->> 'customer_id' = :c")
                    .bind("c", customer)
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void anErasureCleansTheDataAndLogsListsAffectedVersionsAndRetrains() throws Exception {
    Http http = Http.api(APP);
    Http.Response data =
        http.post(
            "/v1/datasets?name=people", "text/csv", peopleCsv().getBytes(StandardCharsets.UTF_8));
    assertThat(data.status()).as(data.text()).isEqualTo(201);
    String original = data.json().path("version").asText();
    Http.Response asFeature = http.postJson("/v1/models", model("people-leaky", List.of()));
    assertThat(asFeature.status()).isEqualTo(400);
    assertThat(asFeature.message()).contains("'subjectColumn'").contains("'exclude'");
    assertThat(
            http.postJson("/v1/models", model("people-quality", List.of("customer_id"))).status())
        .isEqualTo(201);
    Http.Response started =
        http.postJson("/v1/models/people-quality/runs", Map.of("dataset", "people"));
    JsonNode run =
        http.await(
                "/v1/runs/" + started.json().path("id").asText(),
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(120))
            .json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");

    Http serving = http.serving("people-quality");
    List<Map<String, Object>> instances =
        new ArrayList<>(List.of(instance(SUBJECT), instance(SUBJECT), instance("cust-8")));
    assertThat(
            serving
                .postJson("/v1/models/people-quality/predict", Map.of("instances", instances))
                .status())
        .isEqualTo(200);
    http.await(
        "/v1/models/people-quality",
        r -> logged(SUBJECT) == 2 && logged("cust-8") == 1,
        Duration.ofSeconds(30));
    assertThat(logged(SUBJECT)).as("the subject's id is logged with its predictions").isEqualTo(2);

    Http.Response erasure = http.postJson("/v1/erasures", Map.of("subject", SUBJECT));
    assertThat(erasure.status()).as(erasure.text()).isEqualTo(202);
    String id = erasure.json().path("id").asText();
    assertThat(id).startsWith("erasure-").doesNotContain(SUBJECT);
    JsonNode done =
        http.await(
                "/v1/erasures/" + id,
                r -> !"RUNNING".equals(r.json().path("status").asText()),
                Duration.ofSeconds(60))
            .json();
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");

    JsonNode report = done.path("report");
    JsonNode cleaned = report.path("datasets").get(0);
    assertThat(cleaned.path("dataset").asText()).isEqualTo("people");
    assertThat(cleaned.path("versionsWithSubject").findValuesAsText("")).isEmpty();
    assertThat(cleaned.path("versionsWithSubject").get(0).asText()).isEqualTo(original);
    assertThat(cleaned.path("rowsRemoved").asInt()).isEqualTo(4);
    String clean = cleaned.path("cleanVersion").asText();
    assertThat(clean).startsWith("sha256:").isNotEqualTo(original);
    assertThat(http.get("/v1/datasets/people/versions/" + clean).json().path("rows").asInt())
        .isEqualTo(1595);
    assertThat(report.path("predictionsDeleted").asLong()).isEqualTo(2);
    assertThat(logged(SUBJECT)).isZero();
    assertThat(logged("cust-8")).isEqualTo(1);
    JsonNode affected = report.path("affectedVersions").get(0);
    assertThat(affected.path("model").asText()).isEqualTo("people-quality");
    assertThat(affected.path("version").asInt()).isEqualTo(1);
    assertThat(affected.path("served").asBoolean()).isTrue();
    assertThat(report.path("retrains").get(0).path("outcome").asText())
        .isEqualTo("retrain requested");

    // the lifecycle retrains on the cleaned version by itself
    JsonNode retrained =
        http.await(
                "/v1/models/people-quality/runs",
                r -> {
                  for (JsonNode candidate : r.json().path("runs")) {
                    if (clean.equals(candidate.path("dataset").path("version").asText())
                        && "SUCCEEDED".equals(candidate.path("status").asText())) {
                      return true;
                    }
                  }
                  return false;
                },
                Duration.ofSeconds(120))
            .json();
    List<String> cleanRuns = new ArrayList<>();
    for (JsonNode candidate : retrained.path("runs")) {
      cleanRuns.add(
          candidate.path("dataset").path("version").asText()
              + " "
              + candidate.path("status").asText());
    }
    assertThat(cleanRuns).as(retrained.toString()).contains(clean + " SUCCEEDED");
    JsonNode served = http.get("/v1/models/people-quality/versions/2/lineage").json();
    assertThat(served.path("serving").asText())
        .as("the version trained on erased data is replaced")
        .isEqualTo("champion");
    assertThat(served.path("datasets").get(0).path("version").asText()).isEqualTo(clean);

    // the same request again finds the first erasure; the subject is nowhere in the audit log
    Http.Response again = http.postJson("/v1/erasures", Map.of("subject", SUBJECT));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("id").asText()).isEqualTo(id);
    assertThat(http.get("/v1/audit?limit=1000").text()).contains("erasure").doesNotContain(SUBJECT);
    assertThat(done.toString()).doesNotContain(SUBJECT);
    assertThat(Http.admin(APP).get("/metrics").text())
        .as("no personal data in metric labels")
        .doesNotContain(SUBJECT);
    var execution =
        APP.<KeelApplication>getApplication()
            .wired()
            .temporal()
            .client()
            .newUntypedWorkflowStub(id)
            .describe();
    assertThat(execution.getRawDescription().toString())
        .as("no personal data in the workflow id, memo or search " + "attributes")
        .contains(id)
        .doesNotContain(SUBJECT);
  }

  @Test
  void aRequestWithoutASubjectIsRefused() {
    Http.Response r = Http.api(APP).postJson("/v1/erasures", Map.of("subject", " "));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("'subject' is required");
  }
}
