package dev.keel.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile requests seen against {@code ./keel dev}, one by one over HTTP: each gets a 4xx in the
 * API's error shape (Keel's {@code {"code", "message"}}, MLflow's {@code {"error_code", "message"}}
 * under its prefix), never a 500 nor Jetty's HTML page, and no message shows Java class names.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HostileInputApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.serverOnly();

  private static Http api() {
    return Http.api(APP);
  }

  private static void assertKeel400(Http.Response r, String what) {
    String as = what + " -> " + r.status() + " " + r.text();
    assertThat(r.status()).as(as).isEqualTo(400);
    assertThat(r.json()).as(as).isNotNull();
    assertThat(r.json().path("code").asInt()).as(as).isEqualTo(400);
    assertThat(r.json().path("message").asText()).as(as).isNotBlank();
    assertNoInternals(r, as);
  }

  private static void assertMlflow400(Http.Response r, String what) {
    String as = what + " -> " + r.status() + " " + r.text();
    assertThat(r.status()).as(as).isEqualTo(400);
    assertThat(r.json()).as(as).isNotNull();
    assertThat(r.json().path("error_code").asText()).as(as).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(r.json().path("message").asText()).as(as).isNotBlank();
    assertNoInternals(r, as);
  }

  static void assertNoInternals(Http.Response r, String as) {
    assertThat(r.text())
        .as(as)
        .doesNotContain(
            "java.lang.",
            "java.util.",
            "dev.keel.",
            "com.fasterxml",
            "org.glassfish",
            "org.eclipse",
            "com.google");
  }

  // 1. NUL characters never reach PostgreSQL

  @Test
  void nulInAJsonStringIsA400NamingTheField() {
    Http.Response r = api().postJson("/v1/users", "{\"name\": \"eve\\u0000il\"}");
    assertKeel400(r, "POST /v1/users with NUL");
    assertThat(r.message()).contains("name");
    Http.Response token = api().postJson("/v1/tokens", "{\"user\": \"admin\\u0000\"}");
    assertKeel400(token, "POST /v1/tokens with NUL");
    assertThat(token.message()).contains("'user'").contains("NUL");
    Http.Response grant =
        api()
            .postJson(
                "/v1/users/admin/grants", "{\"role\": \"operator\", \"model\": \"m\\u0000\"}");
    assertKeel400(grant, "POST /v1/users/admin/grants with NUL");
    assertThat(grant.message()).contains("'model'").contains("NUL");
  }

  @Test
  void nulInAPathOrQueryParameterIsA400() {
    assertKeel400(api().get("/v1/models/bad%00name"), "GET /v1/models/bad%00name");
    assertKeel400(api().get("/v1/users/bad%00name"), "GET /v1/users/bad%00name");
    assertKeel400(api().get("/v1/audit?actor=x%00y"), "GET /v1/audit?actor=x%00y");
  }

  @Test
  void nulInMlflowRequestsIsInvalidParameterValue() {
    assertMlflow400(
        api().postJson("/api/2.0/mlflow/experiments/create", "{\"name\": \"exp\\u0000\"}"),
        "experiments/create with NUL");
    assertMlflow400(
        api().get("/api/2.0/mlflow/registered-models/get?name=a%00b"),
        "registered-models/get with NUL");
    assertMlflow400(
        api().get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=a%00b"),
        "experiments/get-by-name with NUL");
  }

  // 2. headers Keel did not expect

  @Test
  void contentLengthOnAGetIsA400() {
    for (String path :
        List.of(
            "/v1/models",
            "/v1/me",
            "/v1/audit",
            "/api/2.0/mlflow/experiments/search",
            "/api/2.0/mlflow-artifacts/artifacts")) {
      for (String type :
          List.of("", "Content-Type: application/json\r\n", "Content-Type: text/plain\r\n")) {
        String answer =
            Raw.send(
                APP.getLocalPort(),
                "GET "
                    + path
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer "
                    + TestStack.ADMIN_TOKEN
                    + "\r\n"
                    + type
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(Raw.status(answer)).as(path + " " + type + answer).isEqualTo(400);
        assertThat(Raw.body(answer)).as(answer).contains("take no body").doesNotContain("<html");
      }
    }
  }

  @Test
  void aBogusCharsetIsRefusedNamingIt() {
    for (String path :
        List.of(
            "/v1/users",
            "/v1/codec/decode",
            "/api/2.0/mlflow/experiments/create",
            "/v1/models/m/predict")) {
      Http.Response r =
          api()
              .request(
                  "POST",
                  path,
                  "{\"name\": \"charset-user\"}",
                  "Content-Type",
                  "application/json; charset=bogus");
      assertThat(r.status()).as(path + " " + r.text()).isEqualTo(415);
      assertThat(r.message()).as(r.text()).contains("bogus");
      assertNoInternals(r, r.text());
    }
  }

  // 3. deep nesting

  @Test
  void deeplyNestedJsonToTheCodecIsA400() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    Http.Response r =
        api()
            .request(
                "POST",
                "/v1/codec/decode",
                "{\"payloads\": " + deep + "}",
                "Content-Type",
                "application/json");
    assertKeel400(r, "deep codec body");
  }

  // 4. MLflow parameters

  @Test
  void malformedRegistryFiltersAreInvalidParameterValue() {
    for (String filter :
        List.of(
            "name%20ILIKE",
            "name%20ILIKE%20",
            "name%20LIKE%20%27a%25",
            "name%20%3D%20%27%5C",
            "name%20LIKE%20%27a%5C%27",
            "name%20ILIKE%20%27%25%5C%27",
            "tags.t%20LIKE%20%27%5C%27")) {
      assertMlflow400(
          api().get("/api/2.0/mlflow/registered-models/search?filter=" + filter),
          "filter " + filter);
      assertMlflow400(
          api().get("/api/2.0/mlflow/model-versions/search?filter=" + filter), "filter " + filter);
    }
  }

  @Test
  void overLongRunIdsAndArtifactPathsAreA400() {
    String longId = "a".repeat(6_000);
    assertMlflow400(
        api().get("/api/2.0/mlflow/metrics/get-history?run_id=" + longId + "&metric_key=m"),
        "over-long run_id");
    assertMlflow400(api().get("/api/2.0/mlflow/runs/get?run_id=" + longId), "over-long run_id");
    Http.Response tooLong =
        api().get("/api/2.0/mlflow/metrics/get-history?run_id=" + "a".repeat(20_000));
    assertThat(tooLong.status()).as(tooLong.text()).isEqualTo(414);
    // Jetty refuses it before the path is known, so the answer carries both shapes
    assertThat(tooLong.json().path("error_code").asText())
        .as(tooLong.text())
        .isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(tooLong.json().path("code").asInt()).as(tooLong.text()).isEqualTo(414);
    assertThat(tooLong.json().path("message").asText())
        .as(tooLong.text())
        .contains("URI is too long");
    Http.Response artifact =
        api().get("/api/2.0/mlflow-artifacts/artifacts/" + "d/".repeat(2_000) + "f.txt");
    assertThat(artifact.status()).as(artifact.text()).isIn(400, 404);
    assertThat(artifact.json()).as(artifact.text()).isNotNull();
    for (String method : List.of("GET", "PUT", "DELETE")) {
      Http.Response longName =
          api()
              .request(
                  method,
                  "/api/2.0/mlflow-artifacts/artifacts/d/" + "x".repeat(300),
                  method.equals("PUT") ? "data" : null,
                  "Content-Type",
                  "application/octet-stream");
      assertMlflow400(longName, method + " over-long artifact name");
    }
    assertMlflow400(
        api().get("/api/2.0/mlflow-artifacts/artifacts?path=" + "x".repeat(300)),
        "over-long artifact list path");
  }

  @Test
  void aTruncatedPercentEscapeInAQueryIsA400() {
    for (String target :
        List.of(
            "/api/2.0/mlflow/registered-models/search?filter=name%20LIKE%20%27a%2",
            "/api/2.0/mlflow/model-versions/search?filter=name%20ILIKE%20%27%")) {
      String answer =
          Raw.send(
              APP.getLocalPort(),
              "GET "
                  + target
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Authorization: Bearer "
                  + TestStack.ADMIN_TOKEN
                  + "\r\nConnection: close\r\n\r\n");
      assertThat(Raw.status(answer)).as(target + " " + answer).isEqualTo(400);
      assertThat(Raw.body(answer))
          .as(answer)
          .contains("\"message\"")
          .doesNotContain("<html", "java.");
      if (target.startsWith("/api")) {
        assertThat(Raw.body(answer)).as(answer).contains("INVALID_PARAMETER_VALUE");
      }
    }
  }

  // 5. what Jetty refuses before Keel sees it

  @Test
  void aBadUriIsJsonOnBothConnectors() {
    for (int port : new int[] {APP.getLocalPort(), APP.getAdminPort()}) {
      String answer =
          Raw.send(port, "GET /v1/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(Raw.status(answer)).as(answer).isEqualTo(400);
      assertThat(answer)
          .as(answer)
          .doesNotContain("<html")
          .contains("\"code\":400")
          .contains("\"message\"");
    }
  }

  @Test
  void anIllegalHeaderCharacterIsJson() {
    String answer =
        Raw.send(
            APP.getLocalPort(),
            "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Bad: a\u0001b\r\nConnection: close\r\n\r\n");
    assertThat(Raw.status(answer)).as(answer).isEqualTo(400);
    assertThat(answer).as(answer).doesNotContain("<html").contains("\"message\"");
  }

  @Test
  void pathsTheServletContextRefusesAreJson() {
    for (String target :
        List.of(
            "PUT /api/2.0/mlflow-artifacts/artifacts/a%5c..%5cb",
            "DELETE /v1/users/%C3%28/grants", "GET /v1/models/%FF%FE", "GET /v1/models/a%2fb")) {
      String answer =
          Raw.send(
              APP.getLocalPort(),
              target
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + TestStack.ADMIN_TOKEN
                  + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      assertThat(Raw.status(answer)).as(target + " " + answer).isBetween(400, 499);
      assertThat(Raw.decodedBody(answer))
          .as(target + " " + answer)
          .contains("\"message\"")
          .doesNotContain("<html");
    }
  }

  @Test
  void contentTypesThatAreNotMediaTypesAreJson() {
    for (String type :
        List.of("application/json; charset=\"", "garbage", "multipart/form-data", ";;")) {
      for (String path : List.of("/v1/users", "/api/2.0/mlflow/registered-models/create")) {
        String answer =
            Raw.send(
                APP.getLocalPort(),
                "POST "
                    + path
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer "
                    + TestStack.ADMIN_TOKEN
                    + "\r\nContent-Type: "
                    + type
                    + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(Raw.status(answer)).as(type + " " + answer).isBetween(400, 499);
        assertThat(Raw.decodedBody(answer)).as(type + " " + answer).contains("\"message\"");
      }
    }
  }

  // 6. no Java internals

  @Test
  void wrongTypesDoNotShowJavaClassNames() {
    Http.Response r = api().postJson("/v1/users", "{\"name\": {\"a\": 1}}");
    assertKeel400(r, "object for a string");
    Http.Response list = api().postJson("/v1/users", "[1, 2]");
    assertKeel400(list, "array for an object");
    Http.Response mlflow =
        api()
            .postJson(
                "/api/2.0/mlflow/runs/log-metric",
                "{\"run_id\": \"r\", \"key\": \"k\", \"value\": {\"x\": 1}, \"timestamp\": \"soon\"}");
    assertThat(mlflow.status()).as(mlflow.text()).isEqualTo(400);
    assertNoInternals(mlflow, mlflow.text());
    Http.Response codec =
        api().postJson("/v1/codec/decode", "{\"payloads\": [{\"data\": \"a\u0000b\"}} x");
    assertKeel400(codec, "malformed codec body");
    assertThat(codec.text()).doesNotContain("Exception");
    Http.Response typed = api().get("/api/2.0/mlflow/experiments/search?max_results=abc");
    assertMlflow400(typed, "max_results=abc");
    assertThat(typed.message()).contains("max_results");
  }
}
