package dev.keel.engine.release;

import dev.keel.engine.api.StrictJson;
import dev.keel.engine.mlflow.MlflowArtifactStore;
import dev.keel.engine.mlflow.TrackingDao;
import dev.keel.engine.runs.RunService;
import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;
import java.nio.file.Path;
import java.util.List;

/**
 * Releases of versions trained elsewhere: the release pipeline, and imports from the MLflow
 * artifact store under the local artifact root into the artifact store (which may be a bucket).
 */
public final class ReleaseFeature {

  private final Core core;
  private final RunService runs;
  private final StrictJson strict;
  private final VersionImporter importer;

  public ReleaseFeature(
      Core core, RunService runs, MlflowArtifactStore uploads, StrictJson strict) {
    this.core = core;
    this.runs = runs;
    this.strict = strict;
    SourceResolver sources =
        new SourceResolver(
            Path.of(core.config().getArtifactRoot()),
            runId -> core.jdbi().withExtension(TrackingDao.class, dao -> dao.artifactUri(runId)));
    importer =
        new VersionImporter(core.jdbi(), core.artifacts(), sources, uploads::read, core.json());
  }

  /** The import activity of the release pipeline. */
  public List<Object> activities() {
    return List.of(new ImportActivitiesImpl(importer));
  }

  public void register(Environment env) {
    env.jersey()
        .register(
            new ReleaseResource(
                new ReleaseService(
                    core.jdbi(),
                    core.client(),
                    runs,
                    core.metrics(),
                    core.json(),
                    core.pipelineQueue()),
                strict));
  }
}
