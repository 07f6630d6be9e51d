package dev.keel.engine.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile dataset sources: files outside the configured roots, internal addresses, URLs outside the
 * allow-list and redirects out of it each get a clean 400, fetch nothing and store nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatasetSourcesTest {

  /** Default policy: file roots from the test stack, no internal addresses, any public URL. */
  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();

  /**
   * An allow-list: only the test's own server (on loopback, so private addresses are allowed here).
   */
  static final DropwizardAppExtension<KeelConfiguration> LISTED =
      TestStack.app(
          ConfigOverride.config("datasets.allowPrivateAddresses", "true"),
          ConfigOverride.config("datasets.urlAllowList", "http://127.0.0.1:"));

  static HttpServer server;
  static final AtomicInteger FETCHES = new AtomicInteger();

  @BeforeAll
  static void serve() throws Exception {
    byte[] csv = "x,y\n1,a\n2,b\n".getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/data.csv",
        exchange -> {
          FETCHES.incrementAndGet();
          exchange.sendResponseHeaders(200, csv.length);
          exchange.getResponseBody().write(csv);
          exchange.close();
        });
    server.createContext(
        "/elsewhere.csv",
        exchange -> {
          FETCHES.incrementAndGet();
          exchange
              .getResponseHeaders()
              .add("Location", "http://localhost:" + server.getAddress().getPort() + "/data.csv");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  static void assertRefused(Http http, String source, String message) {
    Http.Response r = http.postJson("/v1/datasets", Map.of("name", "hostile", "source", source));
    assertThat(r.status()).as(source + " -> " + r.text()).isEqualTo(400);
    assertThat(r.message()).as(source).contains(message);
    assertThat(http.get("/v1/datasets/hostile/versions").status())
        .as("nothing stored")
        .isEqualTo(404);
  }

  @Test
  void filesOutsideTheConfiguredRootsAreRefusedEvenThroughALink() throws Exception {
    Http http = Http.api(APP);
    assertRefused(http, "file:///etc/passwd", "is not under an allowed directory");
    Path link = Files.createTempDirectory("keel-link").resolve("innocent.csv");
    Files.createSymbolicLink(link, Path.of("/etc/passwd"));
    assertRefused(http, link.toUri().toString(), "is not under an allowed directory");
    assertRefused(http, "file:///tmp/../etc/passwd", "is not under an allowed directory");
  }

  @Test
  void urlsToInternalAddressesAreRefusedWithoutARequest() {
    Http http = Http.api(APP);
    int before = FETCHES.get();
    assertRefused(
        http,
        "http://127.0.0.1:" + server.getAddress().getPort() + "/data.csv",
        "an internal address");
    assertRefused(
        http,
        "http://localhost:" + server.getAddress().getPort() + "/data.csv",
        "an internal address");
    assertRefused(http, "http://169.254.169.254/latest/meta-data/iam", "an internal address");
    assertRefused(http, "http://10.0.0.7/data.csv", "an internal address");
    assertRefused(http, "http://[::1]:8080/data.csv", "an internal address");
    assertRefused(http, "http://0.0.0.0:8081/metrics", "an internal address");
    assertRefused(http, "http://user:secret@example.com/data.csv", "without user info");
    assertRefused(http, "ftp://example.com/data.csv", "unsupported scheme");
    assertThat(FETCHES.get()).as("the internal server was never asked").isEqualTo(before);
  }

  @Test
  void anAllowListAdmitsItsPrefixesOnlyAlsoAcrossRedirects() {
    Http http = Http.api(LISTED);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Http.Response ok =
        http.postJson("/v1/datasets", Map.of("name", "listed", "source", base + "/data.csv"));
    assertThat(ok.status()).as(ok.text()).isEqualTo(201);
    assertRefused(http, "https://example.org/data.csv", "is not under an allowed URL prefix");
    assertRefused(http, base + "/elsewhere.csv", "is not under an allowed URL prefix");
  }
}
