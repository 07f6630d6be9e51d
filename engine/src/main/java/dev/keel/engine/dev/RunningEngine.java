package dev.keel.engine.dev;

import dev.keel.engine.auth.IdentityStore;
import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.runs.RunService;
import dev.keel.engine.serving.ServingFeature;
import dev.keel.ml.artifacts.ArtifactStore;

/**
 * What developer mode uses of the engine it started: the services the demo drives, and where
 * artifacts are.
 */
public interface RunningEngine {

  DatasetService datasets();

  ModelService models();

  RunService runs();

  ServingFeature serving();

  IdentityStore identities();

  ArtifactStore artifacts();
}
