package dev.keel.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.runs.RunStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmarked {@code keel dev}'s API and admin port, called as a user calls them, with the
 * admin token.
 */
final class BenchApi {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String api;
  private final String admin;
  private final String token;

  BenchApi(String api, String admin, String token) {
    this.api = api;
    this.admin = admin;
    this.token = token;
  }

  String api() {
    return api;
  }

  String token() {
    return token;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return JSON.readTree(send(HttpRequest.newBuilder(URI.create(api + path)).GET(), path));
  }

  JsonNode postJson(String path, Object body) throws IOException, InterruptedException {
    return JSON.readTree(post(path, "application/json", JSON.writeValueAsBytes(body)));
  }

  /**
   * POSTs JSON with an {@code Idempotency-Key}: a repeat after an answer that was lost or refused
   * gets the first request's result instead of doing the work twice.
   */
  JsonNode postJsonOnce(String path, Object body, String key)
      throws IOException, InterruptedException {
    return JSON.readTree(
        post(path, "application/json", JSON.writeValueAsBytes(body), "Idempotency-Key", key));
  }

  /** POSTs {@code body}, with {@code headers} given as name, value, name, value. */
  byte[] post(String path, String type, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request, path);
  }

  /** Streams {@code file} as the body, as a client uploading a large file does. */
  JsonNode postFile(String path, String type, Path file) throws IOException, InterruptedException {
    return JSON.readTree(
        send(
            HttpRequest.newBuilder(URI.create(api + path))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofFile(file)),
            path));
  }

  /** Waits until run {@code id} has ended; returns it. */
  JsonNode awaitRun(String id) throws IOException, InterruptedException {
    while (true) {
      JsonNode run = get("/v1/runs/" + id);
      if (!RunStatus.inFlight(run.path("status").asText())) {
        return run;
      }
      Thread.sleep(20);
    }
  }

  /** The admin port's Prometheus text. */
  String metrics() throws IOException, InterruptedException {
    return new String(
        send(HttpRequest.newBuilder(URI.create(admin + "/metrics")).GET(), "/metrics"));
  }

  /**
   * The sum of every sample of {@code name} whose labels contain {@code labels} (e.g. {@code
   * area="heap"}).
   */
  static double sample(String metrics, String name, String labels) {
    Pattern line =
        Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(metrics);
    double sum = 0;
    while (m.find()) {
      if (labels == null || (m.group(1) != null && m.group(1).contains(labels))) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  private byte[] send(HttpRequest.Builder request, String path)
      throws IOException, InterruptedException {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() >= 300) {
      throw new Refused(
          r.statusCode(), path + " answered " + r.statusCode() + ": " + new String(r.body()));
    }
    return r.body();
  }

  /** An answer other than 2xx. */
  static final class Refused extends IllegalStateException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
