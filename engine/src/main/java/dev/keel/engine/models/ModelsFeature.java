package dev.keel.engine.models;

import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.wiring.Core;
import dev.keel.ml.training.Algorithms;
import io.dropwizard.core.setup.Environment;
import java.util.Set;

/** The model registry: model definitions and their versions. */
public final class ModelsFeature {

  private final ModelService service;

  public ModelsFeature(Core core) {
    service =
        new ModelService(
            core.jdbi(), Set.copyOf(Algorithms.CLASSIFICATION), Set.copyOf(Algorithms.REGRESSION));
  }

  public ModelService service() {
    return service;
  }

  /**
   * The model API; creating a model starts its lifecycle, then hands it to {@code onRegistered}
   * (which starts its schedule).
   */
  public void register(
      Environment env,
      LifecycleService lifecycles,
      java.util.function.Consumer<ModelRow> onRegistered) {
    env.jersey().register(new ModelResource(service, lifecycles, onRegistered));
    env.jersey().register(new ModelVersionsResource(service));
  }
}
