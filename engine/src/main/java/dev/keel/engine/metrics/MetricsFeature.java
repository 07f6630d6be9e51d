package dev.keel.engine.metrics;

import io.dropwizard.core.setup.Environment;
import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import org.jdbi.v3.core.Jdbi;

/**
 * The engine's one Prometheus registry, on the admin port at {@code /metrics}: the JVM's,
 * Dropwizard's (Jetty, Jersey, the pool; without its own JVM gauges), Keel's own, and through
 * Micrometer the Temporal SDK's.
 */
public final class MetricsFeature {

  private final CollectorRegistry registry;
  private final KeelMetrics keel;
  private final PrometheusMeterRegistry meters;

  private MetricsFeature(
      CollectorRegistry registry, KeelMetrics keel, PrometheusMeterRegistry meters) {
    this.registry = registry;
    this.keel = keel;
    this.meters = meters;
  }

  /** Builds the registry and serves it. */
  public static MetricsFeature install(Environment env, Jdbi jdbi) {
    CollectorRegistry registry = new CollectorRegistry(true);
    DefaultExports.register(registry);
    registry.register(
        new DropwizardExports(env.metrics(), (name, metric) -> !name.startsWith("jvm.")));
    KeelMetrics keel = new KeelMetrics(registry);
    registry.register(new PendingApprovals(jdbi));
    PrometheusMeterRegistry meters =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, registry, Clock.SYSTEM);
    env.admin().addServlet("prometheus", new MetricsServlet(registry)).addMapping("/metrics");
    return new MetricsFeature(registry, keel, meters);
  }

  /** The registry, for features that register their own collectors. */
  public CollectorRegistry registry() {
    return registry;
  }

  /** Keel's pipeline, dataset and lifecycle metrics. */
  public KeelMetrics keel() {
    return keel;
  }

  /** The registry as Micrometer sees it, for the Temporal SDK. */
  public PrometheusMeterRegistry meters() {
    return meters;
  }
}
