package dev.keel.engine;

import dev.keel.engine.codec.ArtifactEncryption;
import dev.keel.engine.codec.PayloadEncryption;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.metrics.MetricsEndpoint;
import dev.keel.engine.temporal.KeelWorkers;
import dev.keel.engine.temporal.TemporalConnection;
import dev.keel.ml.artifacts.ArtifactStore;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import java.util.concurrent.CountDownLatch;
import net.sourceforge.argparse4j.inf.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code keel worker CONFIG.yml}: a stateless worker process that runs pipeline workflows and
 * compute activities against an external Temporal service. It needs the artifact store, never the
 * database.
 */
final class WorkerCommand extends ConfiguredCommand<KeelConfiguration> {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

  WorkerCommand() {
    super(
        "worker",
        "Runs a Keel worker (pipelines and compute activities) against an external Temporal");
  }

  @Override
  protected void run(
      Bootstrap<KeelConfiguration> bootstrap, Namespace namespace, KeelConfiguration config)
      throws Exception {
    CollectorRegistry registry = new CollectorRegistry(true);
    DefaultExports.register(registry);
    TemporalConnection temporal =
        new TemporalConnection(
            config.getTemporal(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, registry, Clock.SYSTEM),
            PayloadEncryption.keys(
                    config.getTemporal().getEncryption(),
                    config.isDevMode(),
                    config.getArtifactRoot())
                .orElse(null));
    MetricsEndpoint metrics =
        config.getWorker().getMetricsPort() == 0
            ? null
            : MetricsEndpoint.start(
                config.getWorker().getMetricsHost(), config.getWorker().getMetricsPort(), registry);
    KeelWorkers.Builder builder = KeelWorkers.builder(temporal.client(), config.isDevMode());
    if (config.getWorker().isRunPipelines()) {
      builder.pipelines(config.getWorker());
    }
    ArtifactStore artifacts = ArtifactEncryption.store(config);
    KeelWorkers workers = builder.compute(config.getWorker(), artifacts).build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    workers.stop();
                    temporal.stop();
                    artifacts.close();
                    if (metrics != null) {
                      metrics.close();
                    }
                  } catch (Exception e) {
                    LOG.warn("worker did not stop cleanly", e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "keel-worker-shutdown"));
    temporal.start();
    workers.start();
    LOG.info(
        "Keel worker polling {} on {} (namespace {})",
        workers.queues(),
        config.getTemporal().getTarget(),
        config.getTemporal().getNamespace());
    stopped.await();
  }
}
