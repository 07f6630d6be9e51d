package dev.keel.engine.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback, as a user would write one: it checks each request's signature
 * with the shared secret (its own HMAC, not Keel's code) and answers with the status its path's
 * script gives.
 */
final class Receiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request the receiver got, with whether its signature verified. */
  record Received(
      String path,
      String event,
      String delivery,
      String timestamp,
      String signature,
      byte[] body,
      boolean signatureValid,
      int answered) {

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final HttpServer server;
  private final String secret;
  final Queue<Received> received = new ConcurrentLinkedQueue<>();

  Receiver(String secret) throws IOException {
    this.secret = secret;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
  }

  /** Answers requests to {@code path} with the statuses {@code script} gives, in turn. */
  String route(String path, IntSupplier script) {
    server.createContext(
        path,
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = script.getAsInt();
            received.add(
                new Received(
                    path,
                    header(exchange, "X-Keel-Event"),
                    header(exchange, "X-Keel-Delivery"),
                    header(exchange, "X-Keel-Timestamp"),
                    header(exchange, "X-Keel-Signature"),
                    body,
                    verifies(
                        header(exchange, "X-Keel-Timestamp"),
                        header(exchange, "X-Keel-Signature"),
                        body),
                    status));
            byte[] answer = ("answered " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
          }
        });
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Answers with {@code failures} 500s, then 200s. */
  static IntSupplier failing(int failures) {
    AtomicInteger calls = new AtomicInteger();
    return () -> calls.incrementAndGet() <= failures ? 500 : 200;
  }

  List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** The receiver's check: HMAC-SHA256 of "timestamp.body" with the secret, hex, after sha256=. */
  private boolean verifies(String timestamp, String signature, byte[] body) {
    if (timestamp == null || signature == null || !signature.startsWith("sha256=")) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      byte[] expected = mac.doFinal(body);
      return java.security.MessageDigest.isEqual(
          expected, HexFormat.of().parseHex(signature.substring("sha256=".length())));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static String header(HttpExchange exchange, String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
