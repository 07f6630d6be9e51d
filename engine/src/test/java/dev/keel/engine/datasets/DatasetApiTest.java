package dev.keel.engine.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST/GET /v1/datasets} over HTTP against a real PostgreSQL. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatasetApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.app(
          ConfigOverride.config("datasets.maxBytes", "150000"),
          ConfigOverride.config(
              "datasets.allowPrivateAddresses", "true")); // the test's HTTP server is on loopback

  final Http http = Http.api(APP);

  @Test
  void registersAFileWithTypesAndProfileAndIsIdempotent() {
    Map<String, String> body =
        Map.of("name", "red", "source", SharedData.redWine().toUri().toString());
    Http.Response first = http.postJson("/v1/datasets", body);

    assertThat(first.status()).isEqualTo(201);
    JsonNode ds = first.json();
    assertThat(ds.path("name").asText()).isEqualTo("red");
    assertThat(ds.path("version").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(ds.path("rows").asLong()).isEqualTo(1599);
    assertThat(ds.path("columns")).hasSize(12);
    assertThat(ds.path("columns").get(0).path("name").asText()).isEqualTo("fixed_acidity");
    assertThat(ds.path("columns").findValuesAsText("type")).containsOnly("numeric");
    JsonNode alcohol = profileOf(ds, "alcohol");
    assertThat(alcohol.path("min").asDouble()).isEqualTo(8.4);
    assertThat(alcohol.path("max").asDouble()).isEqualTo(14.9);
    long binned = 0;
    for (JsonNode c : alcohol.path("binCounts")) {
      binned += c.asLong();
    }
    assertThat(binned).isEqualTo(1599);

    Http.Response again = http.postJson("/v1/datasets", body);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("version").asText()).isEqualTo(ds.path("version").asText());
    assertThat(http.get("/v1/datasets/red/versions").json().path("versions")).hasSize(1);
  }

  @Test
  void csvBodyWithOtherWhitespaceAndLineEndingsIsTheSameVersion() {
    String csv = "id,colour,score\n1,red,0.5\n2,white,?\n3,,1.5\n";
    String messy = "id , colour,score\r\n1, red ,0.5\r\n2,white,NA\r\n3,NA, 1.5\r\n";
    Http.Response first =
        http.post("/v1/datasets?name=tiny", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
    Http.Response second =
        http.post("/v1/datasets?name=tiny", "text/csv", messy.getBytes(StandardCharsets.UTF_8));

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().path("version")).isEqualTo(first.json().path("version"));
    assertThat(first.json().path("columns").findValuesAsText("type"))
        .containsExactly("numeric", "categorical", "numeric");
    assertThat(profileOf(first.json(), "score").path("missing").asLong()).isEqualTo(1);
    assertThat(profileOf(first.json(), "colour").path("missing").asLong()).isEqualTo(1);

    Http.Response changed =
        http.post(
            "/v1/datasets?name=tiny",
            "text/csv",
            (csv + "4,red,2.0\n").getBytes(StandardCharsets.UTF_8));
    assertThat(changed.status()).isEqualTo(201);
    assertThat(changed.json().path("version")).isNotEqualTo(first.json().path("version"));
    assertThat(http.get("/v1/datasets/tiny/versions").json().path("versions")).hasSize(2);
  }

  @Test
  void malformedCsvIsRefusedNamingTheLineAndNothingIsStored() {
    Http.Response ragged =
        http.post(
            "/v1/datasets?name=broken",
            "text/csv",
            "a,b,c\n1,2,3\n4,5\n".getBytes(StandardCharsets.UTF_8));
    assertThat(ragged.status()).isEqualTo(400);
    assertThat(ragged.json().path("code").asInt()).isEqualTo(400);
    assertThat(ragged.message()).contains("line 3").contains("3 fields");

    Http.Response quoting =
        http.post(
            "/v1/datasets?name=broken",
            "text/csv",
            "a,b\n1,\"unterminated\n".getBytes(StandardCharsets.UTF_8));
    assertThat(quoting.status()).isEqualTo(400);
    assertThat(quoting.message()).contains("line 2");

    Http.Response empty = http.post("/v1/datasets?name=broken", "text/csv", new byte[0]);
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.message()).contains("header");

    assertThat(http.get("/v1/datasets/broken/versions").status()).isEqualTo(404);
  }

  @Test
  void badSourcesAndBodiesGetClearErrors() throws Exception {
    assertThat(
            http.postJson("/v1/datasets", Map.of("name", "x", "source", "ftp://host/x.csv"))
                .message())
        .contains("unsupported scheme");
    Http.Response missing =
        http.postJson("/v1/datasets", Map.of("name", "x", "source", "file:///nonexistent/x.csv"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.message()).contains("/nonexistent/x.csv");
    Http.Response badName =
        http.postJson("/v1/datasets", Map.of("name", "../etc", "source", "file:///x.csv"));
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.message()).contains("dataset name '../etc' is invalid");
    Http.Response badJson = http.postJson("/v1/datasets", "{\"name\": \"x\", ");
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.message()).contains("malformed JSON");
    Http.Response noName =
        http.post("/v1/datasets", "text/csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
    assertThat(noName.status()).isEqualTo(400);
    assertThat(noName.message()).contains("'name'");
    Http.Response unknownVersion = http.get("/v1/datasets/nothing/versions");
    assertThat(unknownVersion.status()).isEqualTo(404);
    assertThat(unknownVersion.message()).contains("dataset 'nothing' does not exist");
  }

  @Test
  void oversizedUploadGets413AndNothingIsStored() throws Exception {
    long big = Files.size(SharedData.whiteWine()); // ~260 kB, limit here is 150 kB
    String answer = http.announce("/v1/datasets?name=big", "text/csv", big);
    assertThat(answer).startsWith("HTTP/1.1 413").contains("larger than the limit of 150000 bytes");

    Http.Response file =
        http.postJson(
            "/v1/datasets",
            Map.of("name", "big", "source", SharedData.whiteWine().toUri().toString()));
    assertThat(file.status()).isEqualTo(413);
    assertThat(http.get("/v1/datasets/big/versions").status()).isEqualTo(404);
    List<String> names = new java.util.ArrayList<>();
    http.get("/v1/datasets").json().path("datasets").forEach(n -> names.add(n.asText()));
    assertThat(names).doesNotContain("big");
  }

  static JsonNode profileOf(JsonNode dataset, String column) {
    for (JsonNode c : dataset.path("profile").path("columns")) {
      if (c.path("name").asText().equals(column)) {
        return c;
      }
    }
    throw new AssertionError("no profile for " + column + " in " + dataset.path("profile"));
  }

  @Test
  void registersFromAnHttpUrlAndRefusesAFailingOne() throws Exception {
    byte[] csv = "x,y\n1,a\n2,b\n".getBytes(StandardCharsets.UTF_8);
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/data.csv",
        exchange -> {
          exchange.sendResponseHeaders(200, csv.length);
          exchange.getResponseBody().write(csv);
          exchange.close();
        });
    server.createContext(
        "/gone.csv",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Http.Response ok =
          http.postJson("/v1/datasets", Map.of("name", "from-url", "source", base + "/data.csv"));
      assertThat(ok.status()).isEqualTo(201);
      assertThat(ok.json().path("rows").asInt()).isEqualTo(2);
      assertThat(ok.json().path("source").asText()).isEqualTo(base + "/data.csv");

      Http.Response gone =
          http.postJson("/v1/datasets", Map.of("name", "from-url", "source", base + "/gone.csv"));
      assertThat(gone.status()).isEqualTo(400);
      assertThat(gone.message()).contains("answered HTTP 404");
    } finally {
      server.stop(0);
    }
  }
}
