package dev.keel.engine.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP clients for fault tests that count what every answer was: a status, or {@code timeout} when
 * none came within {@link #TIMEOUT} (a hang), or {@code io} when the connection broke. The first
 * few answers of each unexpected kind are kept, to be shown when an assertion fails.
 */
final class DbClients {

  /** Longer than this without an answer counts as a hang. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One answer. */
  record Answer(String kind, int status, String body, JsonNode json) {
    boolean ok() {
      return status == 200;
    }

    /** A 503 whose JSON body's {@code message} says that the database is unavailable. */
    boolean databaseUnavailable() {
      return status == 503
          && json != null
          && json.path("message").asText().startsWith("database unavailable");
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;
  final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  final List<String> unexpected = new CopyOnWriteArrayList<>();

  DbClients(String base, String token) {
    this.base = base;
    this.token = token;
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), "GET " + path);
  }

  Answer post(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)),
        "POST " + path);
  }

  private Answer send(HttpRequest.Builder request, String what) {
    request.timeout(TIMEOUT).header("Authorization", "Bearer " + token);
    Answer answer;
    try {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = r.body().isEmpty() ? null : JSON.readTree(r.body());
      } catch (IOException notJson) {
        // kept as text
      }
      answer = new Answer(Integer.toString(r.statusCode()), r.statusCode(), r.body(), json);
    } catch (HttpTimeoutException e) {
      answer = new Answer("timeout", -1, e.toString(), null);
    } catch (IOException e) {
      answer = new Answer("io", -1, e.toString(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer = new Answer("interrupted", -1, e.toString(), null);
    }
    counts.computeIfAbsent(answer.kind(), k -> new AtomicLong()).incrementAndGet();
    if (!answer.ok() && !answer.databaseUnavailable() && unexpected.size() < 20) {
      unexpected.add(what + " -> " + answer.kind() + " " + abbreviate(answer.body()));
    }
    return answer;
  }

  long count(String kind) {
    AtomicLong n = counts.get(kind);
    return n == null ? 0 : n.get();
  }

  long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  private static String abbreviate(String body) {
    return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
