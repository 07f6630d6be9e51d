package dev.keel.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A small HTTP client for tests: real requests to the engine under test, JSON answers. */
public final class Http {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  public Http(String base) {
    this(base, null);
  }

  private Http(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The API as the bootstrap administrator (every role). */
  public static Http api(io.dropwizard.testing.junit5.DropwizardAppExtension<?> app) {
    return new Http("http://127.0.0.1:" + app.getLocalPort(), TestStack.ADMIN_TOKEN);
  }

  /** The same API with another bearer token. */
  public Http as(String bearer) {
    return new Http(base, bearer);
  }

  /**
   * The same credentials against another engine (at {@code base}, e.g. {@code
   * http://127.0.0.1:8080}).
   */
  public Http on(String base) {
    return new Http(base, token);
  }

  /** The base address of the API. */
  public String base() {
    return base;
  }

  /** The same API without credentials. */
  public Http anonymous() {
    return new Http(base, null);
  }

  /**
   * A new user with the given roles ({@code operator}, or {@code operator@model} for one model),
   * created through the admin API; returns the API as that user.
   */
  public Http user(String name, String... roles) {
    Response created = postJson("/v1/users", java.util.Map.of("name", name));
    if (created.status() != 201 && created.status() != 409) {
      throw new IllegalStateException("cannot create user " + name + ": " + created.text());
    }
    for (String role : roles) {
      int at = role.indexOf('@');
      java.util.Map<String, Object> grant = new java.util.HashMap<>();
      grant.put("role", at < 0 ? role : role.substring(0, at));
      if (at >= 0) {
        grant.put("model", role.substring(at + 1));
      }
      Response granted = postJson("/v1/users/" + name + "/grants", grant);
      if (granted.status() != 200) {
        throw new IllegalStateException(
            "cannot grant " + role + " to " + name + ": " + granted.text());
      }
    }
    Response issued = postJson("/v1/tokens", java.util.Map.of("user", name));
    if (issued.status() != 201) {
      throw new IllegalStateException("cannot issue a token for " + name + ": " + issued.text());
    }
    return as(issued.json().path("token").asText());
  }

  /** The API with a new serving token of {@code model} (for predict and feedback). */
  public Http serving(String model) {
    String account = "svc-" + model;
    Response created = postJson("/v1/users", java.util.Map.of("name", account));
    if (created.status() != 201 && created.status() != 409) {
      throw new IllegalStateException("cannot create " + account + ": " + created.text());
    }
    Response issued =
        postJson(
            "/v1/tokens", java.util.Map.of("user", account, "kind", "serving", "model", model));
    if (issued.status() != 201) {
      throw new IllegalStateException(
          "cannot issue a serving token of " + model + ": " + issued.text());
    }
    return as(issued.json().path("token").asText());
  }

  public static Http admin(io.dropwizard.testing.junit5.DropwizardAppExtension<?> app) {
    return new Http("http://127.0.0.1:" + app.getAdminPort());
  }

  /** A response: status, body as text and, when it is JSON, parsed. */
  public record Response(
      int status, String text, JsonNode json, java.net.http.HttpHeaders headers) {
    public Response(int status, String text, JsonNode json) {
      this(status, text, json, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true));
    }

    /** The first value of a response header, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The error message: Keel's and MLflow's {@code message}, the V2 protocol's {@code error}. */
    public String message() {
      if (json == null) {
        return text;
      }
      return json.has("message") || !json.has("error")
          ? json.path("message").asText()
          : json.path("error").asText();
    }
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Response postJson(String path, Object body) {
    try {
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      return send(
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(text)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response postJson(String path, Object body, String header, String value) {
    try {
      return send(
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Content-Type", "application/json")
              .header(header, value)
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Any request: a method, a path, a text body (null for none) and header name/value pairs. */
  public Response request(String method, String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  /** A request with a binary body. */
  public Response requestBytes(String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  /** Posts raw bytes. */
  public Response post(String path, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /**
   * Sends only the head of a POST that announces a body of {@code length} bytes (with {@code
   * Expect: 100-continue}, as well-behaved clients do for large uploads) and returns the server's
   * status line, so that a refusal can be checked before any of the body is sent.
   */
  public String announce(String path, String contentType, long length) {
    URI uri = URI.create(base + path);
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST "
              + uri.getRawPath()
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
              + " HTTP/1.1\r\nHost: "
              + uri.getHost()
              + "\r\nContent-Type: "
              + contentType
              + "\r\nContent-Length: "
              + length
              + "\r\nExpect: 100-continue\r\n"
              + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
              + "\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] response = socket.getInputStream().readNBytes(2048);
      return new String(response, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.net.SocketTimeoutException e) {
      return "(no answer within 10 s)";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Polls {@code path} until {@code done} holds or the deadline passes; returns the last response.
   */
  public Response await(String path, Predicate<Response> done, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    Response last = get(path);
    while (!done.test(last) && System.nanoTime() < end) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      last = get(path);
    }
    return last;
  }

  private Response send(HttpRequest.Builder request) {
    if (token != null) {
      request.setHeader("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r =
          client.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = r.body().isEmpty() ? null : JSON.readTree(r.body());
      } catch (IOException notJson) {
        // plain text (e.g. Prometheus exposition)
      }
      return new Response(r.statusCode(), r.body(), json, r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
