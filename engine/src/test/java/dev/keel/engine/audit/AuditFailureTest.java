package dev.keel.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When PostgreSQL refuses the audit row (here a trigger that raises, as a full disk or a revoked
 * grant would), the caller gets a 503 saying so, and the change is either not made or recorded by
 * its intent row.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuditFailureTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();

  static Jdbi jdbi() {
    return APP.<KeelApplication>getApplication().wired().jdbi();
  }

  static Map<String, Object> model(String name) {
    return Map.of(
        "name",
        name,
        "task",
        "regression",
        "target",
        "quality",
        "trainer",
        Map.of("algorithm", "linear"));
  }

  /**
   * Makes every insert into the audit log that matches {@code when} fail, until the returned handle
   * is closed.
   */
  static AutoCloseable refuseAuditRows(String when) {
    jdbi()
        .useHandle(
            h -> {
              h.execute(
                  "CREATE OR REPLACE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
                      + "$$ BEGIN RAISE EXCEPTION 'audit_log is read-only for this test'; END $$");
              h.execute(
                  "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW WHEN ("
                      + when
                      + ") "
                      + "EXECUTE FUNCTION refuse_audit()");
            });
    return () -> jdbi().useHandle(h -> h.execute("DROP TRIGGER refuse_audit ON audit_log"));
  }

  @Test
  void whenTheIntentCannotBeWrittenTheChangeIsRefusedWith503() throws Exception {
    Http http = Http.api(APP).user("alice", "data-scientist");
    Http.Response refused;
    try (AutoCloseable ignored = refuseAuditRows("true")) {
      refused = http.postJson("/v1/models", model("unaudited"));
    }
    assertThat(refused.status()).as(refused.text()).isEqualTo(503);
    assertThat(refused.message())
        .contains("audit log could not be written")
        .contains("the change was not made")
        .contains(refused.header("X-Request-Id"));
    assertThat(Http.api(APP).get("/v1/models/unaudited").status()).isEqualTo(404);
    assertThat(http.postJson("/v1/models", model("unaudited")).status()).isEqualTo(201);
    JsonNode verified = Http.api(APP).get("/v1/audit/verify").json();
    assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isTrue();
  }

  @Test
  void whenOnlyTheOutcomeCannotBeWrittenTheCallerLearnsItAndTheIntentRowRecordsTheChange()
      throws Exception {
    Http http = Http.api(APP).user("bob", "data-scientist");
    Http.Response answered;
    try (AutoCloseable ignored = refuseAuditRows("NEW.outcome <> 'intent'")) {
      answered = http.postJson("/v1/models", model("half-audited"));
    }
    assertThat(answered.status()).as(answered.text()).isEqualTo(503);
    assertThat(answered.message())
        .contains("audit log could not be written")
        .contains("the change was made");
    assertThat(Http.api(APP).get("/v1/models/half-audited").status()).isEqualTo(200);
    String requestId = answered.header("X-Request-Id");
    JsonNode intent = null;
    for (JsonNode e : Http.api(APP).get("/v1/audit?limit=1000").json().path("entries")) {
      if (e.path("requestId").asText().equals(requestId)) {
        intent = e;
      }
    }
    assertThat(intent).as("the intent row of request " + requestId).isNotNull();
    assertThat(intent.path("actor").asText()).isEqualTo("bob");
    assertThat(intent.path("action").asText()).isEqualTo("POST /v1/models");
    assertThat(intent.path("outcome").asText()).isEqualTo("intent");
    assertThat(answered.message()).contains("row " + intent.path("id").asLong());
    JsonNode verified = Http.api(APP).get("/v1/audit/verify").json();
    assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isTrue();
  }
}
