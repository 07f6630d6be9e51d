package dev.keel.engine.datasets;

import dev.keel.engine.config.DatasetSettings;
import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;
import java.time.Duration;

/**
 * Datasets and their versions: registration from files, URLs and uploads within the configured
 * limits.
 */
public final class DatasetsFeature {

  private final DatasetService service;

  public DatasetsFeature(Core core) {
    DatasetSettings settings = core.config().getDatasets();
    boolean devMode = core.config().isDevMode();
    service =
        new DatasetService(
            core.jdbi(),
            core.artifacts(),
            settings.getMaxBytes(),
            Duration.ofSeconds(settings.getFetchTimeoutSeconds()),
            new SourcePolicy(
                settings.getFileRoots(),
                settings.getUrlAllowList(),
                settings.isAllowPrivateAddresses(),
                devMode
                    ? "start keel dev with --allow-dir DIR to read files under DIR"
                    : "add the directory to datasets.fileRoots in the configuration file"));
  }

  public DatasetService service() {
    return service;
  }

  /** The dataset API; a new version can start the retraining of the models trained on it. */
  public void register(Environment env, LifecycleService lifecycles) {
    env.jersey().register(new DatasetResource(service, lifecycles));
    env.jersey().register(new DatasetVersionsResource(service));
  }
}
