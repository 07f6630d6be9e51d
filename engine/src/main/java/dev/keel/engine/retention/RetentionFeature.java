package dev.keel.engine.retention;

import dev.keel.engine.mlflow.MlflowArtifactStore;
import dev.keel.engine.serving.Retention;
import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;
import java.nio.file.Path;
import java.util.List;

/**
 * Retention sweeps of the prediction log and of MLflow run artifacts, by a long-running workflow.
 */
public final class RetentionFeature {

  private final Core core;
  private final Retention predictions;
  private final RetentionService service;

  public RetentionFeature(Core core, Retention predictions) {
    this.core = core;
    this.predictions = predictions;
    service =
        new RetentionService(
            core.jdbi(),
            core.client(),
            core.pipelineQueue(),
            core.config().getServing().getRetentionCheckMinutes());
  }

  public List<Object> activities() {
    return List.of(
        new RetentionActivitiesImpl(
            core.jdbi(),
            predictions,
            new MlflowArtifactStore(Path.of(core.config().getArtifactRoot())),
            core.config().getMlflow().getRunArtifactRetentionDays()));
  }

  /**
   * Manages the service (it starts the retention workflow unless it runs) and registers its API.
   */
  public void register(Environment env) {
    env.lifecycle().manage(service);
    env.jersey().register(new RetentionResource(service));
  }
}
