package dev.keel.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.auth.Endpoints;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bounded, seeded fuzz over every endpoint of the access matrix, as the bootstrap administrator:
 * malformed JSON, wrong types, huge and non-finite numbers, very long strings, NUL and non-UTF-8
 * bytes, deep nesting, duplicate keys, wrong content types, hostile path and query parameters and
 * traversal paths. No answer may be a 5xx; every 4xx is JSON with a message in the API's shape
 * (MLflow's under its prefix) that shows no Java internals; the audit chain is intact afterwards.
 * The same seed sends the same requests, so a failure can be replayed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HostileFuzzTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.serverOnly();
  static final long SEED = 20_261_203L;
  static final int BUDGET = 2_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> INTERNALS =
      List.of(
          "java.lang.",
          "java.util.",
          "java.io.",
          "dev.keel.",
          "com.fasterxml",
          "org.glassfish",
          "org.eclipse",
          "com.google",
          "org.postgresql",
          "org.jdbi",
          "Exception");
  private static final List<String> FIELDS =
      List.of(
          "name",
          "model",
          "user",
          "role",
          "kind",
          "experiment_id",
          "run_id",
          "run_uuid",
          "key",
          "value",
          "timestamp",
          "step",
          "filter",
          "payloads",
          "instances",
          "label",
          "labels",
          "version",
          "tags",
          "metrics",
          "params",
          "dataset",
          "path",
          "max_results",
          "page_token",
          "reason",
          "decision",
          "new_name",
          "alias",
          "stage",
          "source",
          "description",
          "order_by",
          "experiment_ids",
          "actor",
          "after",
          "limit");

  static String runId;
  static String experimentId;

  private final Random random = new Random(SEED);

  @BeforeAll
  static void realValues() {
    Http admin = Http.api(APP);
    experimentId =
        admin
            .postJson("/api/2.0/mlflow/experiments/create", Map.of("name", "fuzz"))
            .json()
            .path("experiment_id")
            .asText();
    runId =
        admin
            .postJson("/api/2.0/mlflow/runs/create", Map.of("experiment_id", experimentId))
            .json()
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    admin.postJson("/api/2.0/mlflow/registered-models/create", Map.of("name", "fuzz-model"));
    admin.postJson("/v1/users", Map.of("name", "fuzz-user"));
  }

  @Test
  void hostileRequestsGetClearJsonErrorsAndNeverA5xx() {
    List<String> endpoints = Endpoints.of(APP);
    assertThat(endpoints).hasSizeGreaterThan(90);
    TreeMap<Integer, Integer> histogram = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < BUDGET; i++) {
      String endpoint = endpoints.get(i % endpoints.size());
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      String template = endpoint.substring(method.length() + 1);
      String target = fill(template) + query();
      Body body = body(method);
      String answer = send(method, target, body);
      int status = Raw.status(answer);
      histogram.merge(status, 1, Integer::sum);
      String problem = problem(target, status, Raw.decodedBody(answer));
      if (problem != null && failures.size() < 25) {
        failures.add(
            method
                + " "
                + abbreviate(target)
                + " ["
                + body.type
                + "] "
                + abbreviate(body.text())
                + " -> "
                + status
                + " "
                + problem
                + ": "
                + abbreviate(Raw.decodedBody(answer)));
      }
    }
    System.out.println(
        "hostile fuzz: "
            + BUDGET
            + " requests over "
            + endpoints.size()
            + " endpoints, seed "
            + SEED
            + ", statuses "
            + histogram);
    assertThat(failures).as("answers that are 5xx, not JSON, or show Java internals").isEmpty();
    assertThat(histogram.keySet())
        .as("every answer was an HTTP answer")
        .allMatch(s -> s >= 200 && s < 500);

    JsonNode verified = Http.api(APP).get("/v1/audit/verify").json();
    assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isTrue();
    assertThat(verified.path("rowsChecked").asLong()).as(verified.toString()).isPositive();
  }

  private static String problem(String target, int status, String body) {
    if (status < 200 || status >= 500) {
      return "no answer or a server error";
    }
    for (String internal : INTERNALS) {
      if (body.contains(internal)) {
        return "shows '" + internal + "'";
      }
    }
    if (status < 400) {
      return null;
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (java.io.IOException e) {
      return "not JSON";
    }
    if (json != null && target.matches("/v2([/?].*)?")) {
      if (json.path("ready").isBoolean()) { // a readiness answer: 4xx means false
        return null;
      }
      return json.path("error").isTextual() && !json.path("error").asText().isBlank()
          ? null
          : "not the Open Inference Protocol's error shape";
    }
    if (json == null
        || !json.path("message").isTextual()
        || json.path("message").asText().isBlank()) {
      return "no message";
    }
    boolean mlflow = target.startsWith("/api/2.0/mlflow");
    if (mlflow && !json.path("error_code").isTextual()) {
      return "not MLflow's error shape";
    }
    if (!mlflow && json.path("code").asInt() != status) {
      return "not Keel's error shape";
    }
    return null;
  }

  // ---- requests

  private record Body(byte[] bytes, String type) {
    String text() {
      return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  private String send(String method, String target, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head =
        new StringBuilder(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\n")
            .append("Host: 127.0.0.1\r\nAuthorization: Bearer ")
            .append(TestStack.ADMIN_TOKEN)
            .append("\r\nConnection: close\r\n");
    if (body.type != null) {
      head.append("Content-Type: ").append(body.type).append("\r\n");
    }
    if (body.bytes != null) {
      head.append("Content-Length: ").append(body.bytes.length).append("\r\n");
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body.bytes != null) {
      out.writeBytes(body.bytes);
    }
    return Raw.send(APP.getLocalPort(), out.toByteArray());
  }

  private String fill(String template) {
    return template
        .replace(
            "{name}",
            pick(List.of("fuzz-model", "fuzz-user", "admin", "matrix-model"), hostileSegment()))
        .replace(
            "{id}",
            pick(
                List.of(runId, "run-none", "1", "00000000-0000-0000-0000-000000000000"),
                hostileSegment()))
        .replace("{version}", pick(List.of("1", "2"), hostileNumberText()))
        .replace(
            "{path: .+}",
            pick(List.of("fuzz/file.txt", runId + "/artifacts/m.txt"), hostilePath()));
  }

  /** A real value most of the time, a hostile one otherwise. */
  private String pick(List<String> real, String hostile) {
    return random.nextInt(3) == 0 ? hostile : real.get(random.nextInt(real.size()));
  }

  private String hostileSegment() {
    return switch (random.nextInt(9)) {
      case 0 -> "%00";
      case 1 -> "a%00b";
      case 2 -> "..";
      case 3 -> "%2e%2e";
      case 4 -> "x".repeat(300 + random.nextInt(3_000));
      case 5 -> "%zz";
      case 6 -> "%C3%28";
      case 7 -> "%FF%FE";
      default -> "%E2%80%AE%F0%9F%92%A5";
    };
  }

  private String hostilePath() {
    return switch (random.nextInt(8)) {
      case 0 -> "../../etc/passwd";
      case 1 -> "%2e%2e/%2e%2e/etc/passwd";
      case 2 -> "a/%2e%2e%2f%2e%2e%2fetc";
      case 3 -> "a/%00/b";
      case 4 -> "a%5c..%5cb";
      case 5 -> "d/".repeat(200 + random.nextInt(600)) + "f";
      case 6 -> "/etc/passwd";
      default -> hostileSegment();
    };
  }

  private String hostileNumberText() {
    return List.of("-1", "0", "99999999999999999999", "1e3", "NaN", "0x10", "%00", "%20")
        .get(random.nextInt(8));
  }

  private String query() {
    if (random.nextInt(2) == 0) {
      return "";
    }
    StringBuilder q = new StringBuilder("?");
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        q.append('&');
      }
      q.append(FIELDS.get(random.nextInt(FIELDS.size())))
          .append('=')
          .append(
              switch (random.nextInt(12)) {
                case 0 -> "%00";
                case 1 -> "x%00y";
                case 2 -> "%";
                case 3 -> "%2";
                case 4 -> "a".repeat(2_000 + random.nextInt(4_000));
                case 5 -> hostileNumberText();
                case 6 -> "name%20ILIKE";
                case 7 -> "name%20LIKE%20%27a%5C%27";
                case 8 -> "%27%20OR%201%3D1%20--";
                case 9 -> "%C3%28%FF";
                case 10 -> runId;
                default -> "tags.%60k%60%20%3D%20%27v";
              });
    }
    return q.toString();
  }

  private Body body(String method) {
    boolean takesBody = !method.equals("GET");
    if (!takesBody && random.nextInt(8) != 0) {
      return new Body(null, null);
    }
    String type =
        switch (random.nextInt(12)) {
          case 0 -> "text/plain";
          case 1 -> "application/xml";
          case 2 -> "application/json; charset=bogus";
          case 3 -> "application/json; charset=\"";
          case 4 -> "multipart/form-data";
          case 5 -> "garbage";
          case 6 -> "text/csv";
          case 7 -> "application/octet-stream";
          default -> "application/json";
        };
    return new Body(json(), type);
  }

  private byte[] json() {
    String text =
        switch (random.nextInt(10)) {
          case 0 -> malformed();
          case 1 ->
              "[".repeat(2_000 + random.nextInt(20_000)) + "]".repeat(random.nextInt(2) * 2_000);
          case 2 ->
              "{\"name\": \"a\", \"name\": \"b\", \"" + field() + "\": 1, \"" + field() + "\": 2}";
          case 3 ->
              List.of("[]", "1", "\"text\"", "null", "true", "1e400", "NaN").get(random.nextInt(7));
          case 4 -> {
            byte[] raw = object().getBytes(StandardCharsets.UTF_8);
            byte[] withBad = java.util.Arrays.copyOf(raw, raw.length + 4);
            System.arraycopy(
                new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0}, 0, withBad, raw.length - 1, 4);
            withBad[withBad.length - 1] = '}';
            yield new String(withBad, StandardCharsets.ISO_8859_1);
          }
          default -> object();
        };
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private String malformed() {
    String whole = object();
    return switch (random.nextInt(4)) {
      case 0 -> whole.substring(0, random.nextInt(Math.max(1, whole.length())));
      case 1 -> "{'name': 'single quotes'}";
      case 2 -> "{\"name\": \"unterminated";
      default -> "{\"a\": 1,,}";
    };
  }

  private String field() {
    return FIELDS.get(random.nextInt(FIELDS.size()));
  }

  private String object() {
    StringBuilder o = new StringBuilder("{");
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        o.append(", ");
      }
      o.append('"').append(field()).append("\": ").append(value(0));
    }
    return o.append('}').toString();
  }

  private String value(int depth) {
    return switch (random.nextInt(depth > 2 ? 11 : 13)) {
      case 0 -> "\"a\\u0000b\"";
      case 1 -> "\"" + "x".repeat(10_000 + random.nextInt(200_000)) + "\"";
      case 2 -> "1e400";
      case 3 -> "-1e400";
      case 4 -> "NaN";
      case 5 -> "Infinity";
      case 6 -> "123456789012345678901234567890";
      case 7 -> "-9223372036854775809";
      case 8 -> "\"..%2f..%2fetc%2fpasswd\"";
      case 9 ->
          List.of("true", "null", "0", "-1", "0.5", "\"\"", "\"fuzz-model\"")
              .get(random.nextInt(7));
      case 10 -> "\"\\uD800\"";
      case 11 -> "[" + value(depth + 1) + ", " + value(depth + 1) + "]";
      default -> "{\"" + field() + "\": " + value(depth + 1) + "}";
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 160 ? text : text.substring(0, 160) + "…(" + text.length() + " chars)";
  }
}
