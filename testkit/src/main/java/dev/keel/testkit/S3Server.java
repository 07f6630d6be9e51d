package dev.keel.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * A real S3-compatible server for tests: Adobe's S3Mock (its executable jar, copied by the build)
 * in a child JVM, listening on a free loopback port with plain HTTP and path-style buckets. One per
 * test JVM; it stops with the JVM. S3Mock accepts any credentials and does not check signatures.
 */
public final class S3Server {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static S3Server shared;

  private final Process process;
  private final Path log;
  private final String endpoint;

  private S3Server(Process process, Path log, String endpoint) {
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
  }

  /**
   * The server of this JVM, started on first use (S3Mock is a Spring Boot application: it takes a
   * while).
   */
  public static synchronized S3Server shared() {
    if (shared == null) {
      shared = start();
      S3Server server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroy));
    }
    return shared;
  }

  /** {@code http://127.0.0.1:<port>}: the endpoint to configure, with path-style access. */
  public String endpoint() {
    return endpoint;
  }

  /** Creates a bucket, or keeps the one of that name (S3Mock takes an unsigned request). */
  public void createBucket(String name) {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(endpoint + "/" + name))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    if (r.statusCode() != 200
        && !(r.statusCode() == 409 && r.body().contains("BucketAlreadyOwnedByYou"))) {
      throw new IllegalStateException(
          "S3Mock did not create bucket " + name + ": " + r.statusCode() + " " + r.body());
    }
  }

  private static S3Server start() {
    Properties build = new Properties();
    try (InputStream in = S3Server.class.getResourceAsStream("s3mock.properties")) {
      build.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException(
          "s3mock.properties is missing from the test kit: build it with Maven", e);
    }
    Path jar = Path.of(build.getProperty("jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "S3Mock's jar is not at "
              + jar
              + ": build the test kit with Maven "
              + "(its generate-resources phase copies it)");
    }
    int port = freePort();
    try {
      Path dir = Files.createTempDirectory("keel-s3mock");
      Path log = dir.resolve("s3mock.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // the HTTPS listener is switched off and the main one is plain HTTP on loopback; S3Mock's
      // extra HTTP
      // listener cannot be given an address, so it gets an ephemeral port that nothing uses
      Process process =
          new ProcessBuilder(
                  List.of(
                      java,
                      "-Xmx384m",
                      "-XX:TieredStopAtLevel=1",
                      "-XX:+UseSerialGC",
                      "-jar",
                      jar.toString(),
                      "--server.address=127.0.0.1",
                      "--server.port=" + port,
                      "--server.ssl.enabled=false",
                      "--com.adobe.testing.s3mock.httpPort=0",
                      "--com.adobe.testing.s3mock.store.root=" + dir.resolve("store"),
                      "--spring.main.banner-mode=off",
                      "--logging.level.root=WARN"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      S3Server server = new S3Server(process, log, "http://127.0.0.1:" + port);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Mock", e);
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Mock exited with " + process.exitValue() + ": " + logTail());
      }
      try {
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(endpoint + "/"))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    process.destroy();
    throw new IllegalStateException(
        "S3Mock did not answer on " + endpoint + " within " + START_TIMEOUT + ": " + logTail());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient()
          .send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
