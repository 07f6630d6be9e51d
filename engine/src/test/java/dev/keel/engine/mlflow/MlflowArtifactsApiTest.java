package dev.keel.engine.mlflow;

import static dev.keel.engine.mlflow.MlflowHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MLflow's artifact proxy over raw HTTP: uploads land at {@code <artifactRoot>/mlflow/<path>}, are
 * listed, downloaded and deleted; traversal and oversized uploads are refused and write nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MlflowArtifactsApiTest {

  static final int LIMIT = 3 * 1024 * 1024;
  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.serverOnly(ConfigOverride.config("mlflow.maxArtifactBytes", String.valueOf(LIMIT)));
  static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";
  MlflowHttp http;

  @BeforeEach
  void client() {
    http = new MlflowHttp(APP);
  }

  static Path root() {
    return Path.of(APP.getConfiguration().getArtifactRoot()).toAbsolutePath();
  }

  static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @Test
  void uploadsAreStoredUnderTheMlflowDirectoryListedDownloadedAndDeleted() throws IOException {
    byte[] model = random(2 * 1024 * 1024); // larger than the JSON limit, within the artifact limit
    Http.Response put = http.put(ARTIFACTS + "/1/abc/artifacts/model/model.onnx", model);
    assertThat(put.status()).as(put.text()).isEqualTo(200);
    assertThat(
            http.put(
                    ARTIFACTS + "/1/abc/artifacts/model/MLmodel",
                    "flavors: {}\n".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(200);
    assertThat(
            http.put(ARTIFACTS + "/1/abc/artifacts/model/name%20with%20spaces.txt", new byte[] {1})
                .status())
        .isEqualTo(200);

    Path stored = root().resolve("mlflow/1/abc/artifacts/model/model.onnx");
    // encrypted at rest: the stored file is a sealed envelope, and no 64-byte run of the upload is
    // in it
    byte[] onDisk = Files.readAllBytes(stored);
    assertThat(new String(onDisk, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("KEELSA1\n");
    assertThat(onDisk).isNotEqualTo(model);
    assertThat(indexOf(onDisk, java.util.Arrays.copyOfRange(model, 100_000, 100_064)))
        .isEqualTo(-1);
    assertThat(
            Files.readString(
                root().resolve("mlflow/1/abc/artifacts/model/MLmodel"),
                StandardCharsets.ISO_8859_1))
        .doesNotContain("flavors");
    assertThat(root().resolve("mlflow/1/abc/artifacts/model/name with spaces.txt")).exists();

    JsonNode files =
        http.get(ARTIFACTS + "?path=" + q("1/abc/artifacts/model")).json().path("files");
    assertThat(files.findValuesAsText("path"))
        .containsExactly("MLmodel", "model.onnx", "name with spaces.txt");
    assertThat(files.get(1).path("file_size").asLong()).isEqualTo(model.length);
    assertThat(files.get(1).path("is_dir").asBoolean()).isFalse();
    JsonNode dirs = http.get(ARTIFACTS + "?path=" + q("1/abc/artifacts")).json().path("files");
    assertThat(dirs.get(0).path("path").asText()).isEqualTo("model");
    assertThat(dirs.get(0).path("is_dir").asBoolean()).isTrue();
    assertThat(dirs.get(0).has("file_size")).isFalse();
    assertThat(http.get(ARTIFACTS + "?path=" + q("1/nothing-here")).json().path("files").size())
        .isZero();

    MlflowHttp.Bytes download = http.download(ARTIFACTS + "/1/abc/artifacts/model/model.onnx");
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(model);
    Http.Response missing = http.get(ARTIFACTS + "/1/abc/artifacts/model/absent.bin");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");

    // a chunked upload (no declared length) streams in just the same
    Http.Response chunked =
        http.putChunked(
            ARTIFACTS + "/1/abc/artifacts/data.bin",
            () -> new ByteArrayInputStream(random(100_000)));
    assertThat(chunked.status()).as(chunked.text()).isEqualTo(200);
    assertThat(
            http.get(ARTIFACTS + "?path=" + q("1/abc/artifacts"))
                .json()
                .path("files")
                .get(0)
                .path("file_size")
                .asLong())
        .isEqualTo(100_000);
    assertThat(http.download(ARTIFACTS + "/1/abc/artifacts/data.bin").body())
        .isEqualTo(random(100_000));

    assertThat(http.delete(ARTIFACTS + "/1/abc/artifacts/model/model.onnx").status())
        .isEqualTo(200);
    assertThat(stored).doesNotExist();
    assertThat(http.delete(ARTIFACTS + "/1/abc/artifacts/model").status()).isEqualTo(200);
    assertThat(root().resolve("mlflow/1/abc/artifacts/model")).doesNotExist();
    assertThat(http.delete(ARTIFACTS + "/1/abc/artifacts/model").status())
        .isEqualTo(200); // already gone
  }

  @Test
  void filesStoredBeforeEncryptionWasTurnedOnAreStillServedAsTheyAre() throws IOException {
    Path legacy = root().resolve("mlflow/2/old/artifacts/notes.txt");
    Files.createDirectories(legacy.getParent());
    Files.writeString(legacy, "written by an older Keel, unencrypted\n");
    MlflowHttp.Bytes download = http.download(ARTIFACTS + "/2/old/artifacts/notes.txt");
    assertThat(download.status()).isEqualTo(200);
    assertThat(new String(download.body(), StandardCharsets.UTF_8))
        .isEqualTo("written by an older Keel, " + "unencrypted\n");
    assertThat(
            http.get(ARTIFACTS + "?path=" + q("2/old/artifacts"))
                .json()
                .path("files")
                .get(0)
                .path("file_size")
                .asLong())
        .isEqualTo(Files.size(legacy));
  }

  @Test
  void sizesAtSegmentBoundariesRoundTrip() {
    for (int size : new int[] {0, 1, 65_535, 65_536, 65_537, 2 * 65_536, 2 * 65_536 + 7}) {
      byte[] body = random(size);
      assertThat(http.put(ARTIFACTS + "/3/sizes/artifacts/f" + size, body).status()).isEqualTo(200);
      assertThat(http.download(ARTIFACTS + "/3/sizes/artifacts/f" + size).body())
          .as("size " + size)
          .isEqualTo(body);
    }
    JsonNode files = http.get(ARTIFACTS + "?path=" + q("3/sizes/artifacts")).json().path("files");
    files.forEach(
        f ->
            assertThat(f.path("file_size").asLong())
                .as(f.toString())
                .isEqualTo(Long.parseLong(f.path("path").asText().substring(1))));
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void traversalAndMalformedPathsAreRefusedAndWriteNothing() throws IOException {
    // Jetty itself refuses some ambiguous encodings with 400 before the request reaches the API;
    // the rest are
    // refused by the artifact store with MLflow's error body
    List<String> attempts =
        List.of(
            "/..%2F..%2Fescaped.txt",
            "/%2e%2e/%2e%2e/escaped.txt",
            "/a/%2e%2e/%2e%2e/escaped.txt",
            "/a%5C..%5C..%5Cescaped.txt",
            "/a/b%00.txt",
            "/%2Fetc%2Fescaped.txt",
            "/a//b.txt",
            "/a/./b.txt",
            "/a/%2E%2E%2F%2E%2E%2Fescaped.txt");
    for (String attempt : attempts) {
      Http.Response r = http.put(ARTIFACTS + attempt, "x".getBytes(StandardCharsets.UTF_8));
      // Jetty may answer 400 and close the connection while the body is still being sent: the
      // client then sees the
      // connection closed (-1) instead of the status; either way nothing is stored (checked below)
      assertThat(r.status()).as(attempt + ": " + r.text()).isIn(400, -1);
      if (r.status() == 400 && r.json() != null) {
        assertThat(r.json().path("error_code").asText())
            .as(attempt)
            .isEqualTo("INVALID_PARAMETER_VALUE");
      } else {
        System.err.println(
            "refused by Jetty: " + attempt + " -> " + r.text().lines().findFirst().orElse(""));
      }
      assertThat(http.get(ARTIFACTS + attempt).status()).as(attempt).isIn(400, -1);
      assertThat(http.delete(ARTIFACTS + attempt).status()).as(attempt).isIn(400, -1);
    }
    assertThat(http.put(ARTIFACTS + "/clash/file", new byte[] {1}).status()).isEqualTo(200);
    Http.Response clash = http.put(ARTIFACTS + "/clash/file/child", new byte[] {2});
    assertThat(clash.status()).as(clash.text()).isEqualTo(400);
    assertThat(clash.json().path("message").asText())
        .contains("conflicts with an existing artifact");
    assertThat(http.put(ARTIFACTS + "/clash", new byte[] {3}).status()).isEqualTo(400);

    Http.Response list = http.get(ARTIFACTS + "?path=" + q("../.."));
    assertThat(list.status()).isEqualTo(400);
    assertThat(list.json().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(http.get(ARTIFACTS + "?path=" + q("/etc")).status()).isEqualTo(400);
    try (Stream<Path> all = Files.walk(root())) {
      assertThat(all.filter(p -> p.getFileName().toString().contains("escaped"))).isEmpty();
    }
    assertThat(root().getParent().resolve("escaped.txt")).doesNotExist();
    assertThat(Path.of("/etc/escaped.txt")).doesNotExist();
  }

  @Test
  void uploadsOverTheArtifactLimitGet413AndLeaveNothing() throws IOException {
    byte[] tooLarge = random(LIMIT + 1);
    Http.Response declared = http.put(ARTIFACTS + "/big/declared.bin", tooLarge);
    assertThat(declared.status()).as(declared.text()).isIn(413, -1);
    Http.Response streamed =
        http.putChunked(ARTIFACTS + "/big/streamed.bin", () -> new ByteArrayInputStream(tooLarge));
    assertThat(streamed.status()).as(streamed.text()).isIn(413, -1);
    if (streamed.status() == 413) {
      assertThat(streamed.json().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    }
    assertThat(root().resolve("mlflow/big/declared.bin")).doesNotExist();
    assertThat(root().resolve("mlflow/big/streamed.bin")).doesNotExist();
    try (Stream<Path> uploads =
        Files.list(Files.createDirectories(root().resolve("mlflow-uploads")))) {
      assertThat(uploads).isEmpty();
    }
    // a JSON request is still held to the small JSON limit
    Http.Response json =
        http.post(
            "/api/2.0/mlflow/registered-models/create",
            Map.of("name", "big", "description", "x".repeat(2 * 1024 * 1024)));
    assertThat(json.status()).isIn(413, -1);
  }

  @Test
  void aRunsArtifactsAreListedRelativeToItsArtifactUri() {
    Http.Response run = http.post("/api/2.0/mlflow/runs/create", Map.of("experiment_id", "0"));
    JsonNode info = run.json().path("run").path("info");
    String runId = info.path("run_id").asText();
    String artifactUri = info.path("artifact_uri").asText();
    assertThat(artifactUri).isEqualTo("mlflow-artifacts:/0/" + runId + "/artifacts");
    String base = ARTIFACTS + "/0/" + runId + "/artifacts";
    http.put(base + "/model/MLmodel", "flavors: {}".getBytes(StandardCharsets.UTF_8));
    http.put(base + "/model/model.onnx", random(10));
    http.put(base + "/metrics.json", "{}".getBytes(StandardCharsets.UTF_8));

    JsonNode top = http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId).json();
    assertThat(top.path("root_uri").asText()).isEqualTo(artifactUri);
    assertThat(top.path("files").findValuesAsText("path")).containsExactly("metrics.json", "model");
    JsonNode model =
        http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=model").json();
    assertThat(model.path("files").findValuesAsText("path"))
        .containsExactly("model/MLmodel", "model/model.onnx");
    assertThat(model.path("files").get(1).path("file_size").asLong()).isEqualTo(10);

    Http.Response unknown = http.get("/api/2.0/mlflow/artifacts/list?run_id=nope");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(
            http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=" + q("../../x"))
                .status())
        .isEqualTo(400);
  }
}
