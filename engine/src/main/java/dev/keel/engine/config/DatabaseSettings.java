package dev.keel.engine.config;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dropwizard's database settings with defaults that fail fast when PostgreSQL is down, so that a
 * request answers 503 within seconds instead of waiting: a request waits at most 5 s for a pooled
 * connection ({@code maxWaitForConnection}, Dropwizard's default is 30 s), a connection check at
 * most 2 s ({@code validationQueryTimeout}, none by default), and the driver gives up connecting
 * after 5 s ({@code connectTimeout}, 10 s by default). Idle connections are checked (Dropwizard's
 * default), so connections to a database that was restarted are replaced within the eviction
 * interval. Each can be set in the configuration file as usual; JDBC {@code properties} given there
 * are added to these defaults.
 */
public class DatabaseSettings extends DataSourceFactory {

  /** JDBC driver properties every connection gets unless the configuration file sets them. */
  static final Map<String, String> DEFAULT_PROPERTIES =
      Map.of("connectTimeout", "5", "tcpKeepAlive", "true");

  public DatabaseSettings() {
    setMaxWaitForConnection(Duration.seconds(5));
    setValidationQueryTimeout(Duration.seconds(2));
    setProperties(Map.of());
  }

  @Override
  public void setProperties(Map<String, String> properties) {
    Map<String, String> merged = new LinkedHashMap<>(DEFAULT_PROPERTIES);
    merged.putAll(properties);
    super.setProperties(merged);
  }
}
