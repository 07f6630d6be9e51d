package dev.keel.engine.temporal;

import com.codahale.metrics.health.HealthCheck;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.crypto.KeyRing;
import io.dropwizard.core.setup.Environment;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import java.util.Arrays;
import java.util.List;

/**
 * The connection to Temporal (managed, with a health check) and, once the features are built, the
 * engine's workers.
 */
public final class TemporalFeature {

  private final KeelConfiguration config;
  private final TemporalConnection connection;

  private TemporalFeature(KeelConfiguration config, TemporalConnection connection) {
    this.config = config;
    this.connection = connection;
  }

  /**
   * Connects (payloads encrypted with {@code payloadKeys} unless null), reporting the SDK's metrics
   * to meters.
   */
  public static TemporalFeature install(
      KeelConfiguration config, Environment env, MeterRegistry meters, KeyRing payloadKeys) {
    TemporalConnection temporal = new TemporalConnection(config.getTemporal(), meters, payloadKeys);
    env.lifecycle().manage(temporal);
    env.healthChecks()
        .register(
            "temporal",
            new HealthCheck() {
              @Override
              protected Result check() {
                return temporal.stubs().healthCheck().getStatus().name().equals("SERVING")
                    ? Result.healthy()
                    : Result.unhealthy(
                        "Temporal frontend at "
                            + config.getTemporal().getTarget()
                            + " is not serving");
              }
            });
    return new TemporalFeature(config, temporal);
  }

  public TemporalConnection connection() {
    return connection;
  }

  public WorkflowClient client() {
    return connection.client();
  }

  /**
   * Manages the engine's workers: the control role with the features' activities; with an embedded
   * worker (developer mode) also the pipelines and compute activities, on the artifact store.
   */
  public void manageWorkers(Environment env, ArtifactStore artifacts, List<?>... control) {
    KeelWorkers.Builder workers =
        KeelWorkers.builder(connection.client(), config.isDevMode())
            .control(Arrays.stream(control).flatMap(List::stream).toArray());
    if (config.isEmbeddedWorker()) {
      workers.pipelines(config.getWorker()).compute(config.getWorker(), artifacts);
    }
    env.lifecycle().manage(workers.build());
  }
}
