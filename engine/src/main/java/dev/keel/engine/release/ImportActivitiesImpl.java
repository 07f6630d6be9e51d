package dev.keel.engine.release;

import dev.keel.workflows.contract.ActivityStats;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.release.ImportActivities;
import dev.keel.workflows.release.ImportRequest;
import dev.keel.workflows.release.ImportResult;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;

/**
 * The import stage of release runs, on the engine's control worker (see {@link VersionImporter}).
 */
public final class ImportActivitiesImpl implements ImportActivities {

  private final VersionImporter importer;

  public ImportActivitiesImpl(VersionImporter importer) {
    this.importer = importer;
  }

  @Override
  public ImportResult importVersion(ImportRequest request) {
    long started = System.nanoTime();
    VersionImporter.Imported imported;
    try {
      imported =
          importer.importVersion(
              request.model(), request.version(), request.features(), request.labels());
    } catch (VersionImporter.ImportRefused e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), PipelineActivities.INVALID_INPUT);
    }
    return new ImportResult(
        imported.format(),
        imported.artifact(),
        imported.task(),
        imported.imported(),
        new ActivityStats(
            (System.nanoTime() - started) / 1_000_000,
            Activity.getExecutionContext().getInfo().getAttempt()));
  }
}
