package dev.keel.engine.metrics;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A minimal {@code GET /metrics} endpoint in Prometheus text format, for processes without an admin
 * port.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  public static MetricsEndpoint start(String host, int port, CollectorRegistry registry) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      server.createContext(
          "/metrics",
          exchange -> {
            try (exchange) {
              exchange.getResponseHeaders().set("Content-Type", TextFormat.CONTENT_TYPE_004);
              exchange.sendResponseHeaders(200, 0);
              try (Writer out =
                  new OutputStreamWriter(exchange.getResponseBody(), StandardCharsets.UTF_8)) {
                TextFormat.write004(out, registry.metricFamilySamples());
              }
            }
          });
      server.start();
      return new MetricsEndpoint(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
