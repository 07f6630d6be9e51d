package dev.keel.engine.lineage;

import dev.keel.engine.BuildInfo;
import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;
import java.util.List;

/** Lineage of versions and datasets, and reproductions of a version's training. */
public final class LineageFeature {

  private final Core core;
  private final ReproductionService reproductions;
  private final LineageService lineage;

  public LineageFeature(Core core, BuildInfo build, ModelService models, DatasetService datasets) {
    this.core = core;
    reproductions =
        new ReproductionService(core.jdbi(), core.client(), models, build, core.pipelineQueue());
    lineage = new LineageService(core.jdbi(), models, datasets, reproductions, core.json());
  }

  /** The activity that records reproductions. */
  public List<Object> activities() {
    return List.of(new ReproductionActivitiesImpl(core.jdbi()));
  }

  public void register(Environment env) {
    env.jersey().register(new LineageResource(lineage));
    env.jersey().register(new DatasetUsageResource(lineage));
    env.jersey().register(new ReproduceResource(reproductions));
    env.jersey().register(new ReproductionResource(reproductions));
  }
}
