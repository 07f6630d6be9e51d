package dev.keel.engine.mlflow;

import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;

/**
 * MLflow's REST API over Keel's store: tracking, the model registry over Keel's one registry, and
 * the artifact proxy; with MLflow's error shape under its prefix.
 */
public final class MlflowFeature {

  private final Core core;
  private final MlflowArtifactStore store;
  private final TrackingService tracking;

  public MlflowFeature(Core core, MlflowArtifactStore store) {
    this.core = core;
    this.store = store;
    tracking = new TrackingService(core.jdbi());
  }

  public void register(Environment env) {
    env.jersey().register(new MlflowErrors.Mapper());
    env.jersey().register(new MlflowErrors.Shape());
    env.jersey().register(new ExperimentsResource(tracking));
    env.jersey().register(new RunsResource(tracking));
    env.jersey().register(new MetricsResource(tracking));
    env.jersey().register(new RegisteredModelsResource(new RegisteredModelService(core.jdbi())));
    env.jersey()
        .register(new ModelVersionsApiResource(new ModelVersionService(core.jdbi(), core.json())));
    env.jersey().register(new ArtifactsProxyResource(store));
    env.jersey().register(new RunArtifactsResource(core.jdbi(), store));
  }
}
