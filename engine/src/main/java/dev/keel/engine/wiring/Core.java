package dev.keel.engine.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.metrics.KeelMetrics;
import dev.keel.ml.artifacts.ArtifactStore;
import io.temporal.client.WorkflowClient;
import org.jdbi.v3.core.Jdbi;

/**
 * What every feature of the engine is built on: the configuration, the API's JSON mapper, the
 * migrated store, the artifact store, the engine's metrics and the Temporal client. Opened once by
 * the application, before any feature.
 */
public record Core(
    KeelConfiguration config,
    ObjectMapper json,
    Jdbi jdbi,
    ArtifactStore artifacts,
    KeelMetrics metrics,
    WorkflowClient client) {

  /** The task queue of the pipeline workflows this engine starts. */
  public String pipelineQueue() {
    return config.getWorker().getPipelineQueue();
  }
}
