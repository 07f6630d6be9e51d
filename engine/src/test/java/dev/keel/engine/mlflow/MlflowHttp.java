package dev.keel.engine.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.Http;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * HTTP for MLflow's API in tests: JSON with any method (DELETE and PATCH carry bodies), raw uploads
 * and downloads.
 */
final class MlflowHttp {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  MlflowHttp(DropwizardAppExtension<?> app) {
    this.base = "http://127.0.0.1:" + app.getLocalPort();
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  Http.Response get(String path) {
    return text(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Http.Response json(String method, String path, Object body) {
    try {
      return text(
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Http.Response post(String path, Object body) {
    return json("POST", path, body);
  }

  Http.Response delete(String path) {
    return text(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** Uploads bytes with a declared length. */
  Http.Response put(String path, byte[] body) {
    return text(
        HttpRequest.newBuilder(URI.create(base + path))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** Uploads a stream without a declared length (chunked), as streaming clients do. */
  Http.Response putChunked(String path, Supplier<InputStream> body) {
    return text(
        HttpRequest.newBuilder(URI.create(base + path))
            .PUT(HttpRequest.BodyPublishers.ofInputStream(body)));
  }

  /** A download: status and bytes. */
  record Bytes(int status, byte[] body) {}

  Bytes download(String path) {
    try {
      HttpResponse<byte[]> r =
          client.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .GET()
                  .header("Authorization", "Bearer " + dev.keel.engine.TestStack.ADMIN_TOKEN)
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return new Bytes(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Http.Response text(HttpRequest.Builder request) {
    try {
      request.setHeader("Authorization", "Bearer " + dev.keel.engine.TestStack.ADMIN_TOKEN);
      HttpResponse<String> r =
          client.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = r.body().isEmpty() ? null : JSON.readTree(r.body());
      } catch (IOException notJson) {
        // not JSON
      }
      return new Http.Response(r.statusCode(), r.body(), json);
    } catch (IOException e) {
      // a server that refuses an upload early may close the connection while the body is still
      // being sent
      return new Http.Response(-1, e.toString(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
