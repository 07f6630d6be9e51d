package dev.keel.engine.erasure;

import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;
import java.util.List;

/** Erasure of a dataset's data: the erasure workflow's API and its activities. */
public final class ErasureFeature {

  private final Core core;
  private final DatasetService datasets;
  private final LifecycleService lifecycles;

  public ErasureFeature(Core core, DatasetService datasets, LifecycleService lifecycles) {
    this.core = core;
    this.datasets = datasets;
    this.lifecycles = lifecycles;
  }

  public List<Object> activities() {
    return List.of(
        new ErasureActivitiesImpl(
            core.jdbi(), core.artifacts(), datasets, lifecycles, core.json()));
  }

  public void register(Environment env) {
    env.jersey()
        .register(
            new ErasureResource(
                new ErasureService(core.jdbi(), core.client(), core.pipelineQueue(), core.json())));
  }
}
