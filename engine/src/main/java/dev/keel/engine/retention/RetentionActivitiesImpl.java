package dev.keel.engine.retention;

import dev.keel.engine.mlflow.MlflowArtifactStore;
import dev.keel.engine.mlflow.TrackingDao;
import dev.keel.engine.serving.Retention;
import dev.keel.workflows.retention.RetentionActivities;
import dev.keel.workflows.retention.RetentionReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retention sweep: logged predictions older than {@code serving.retentionDays} (with their
 * feedback), and the artifacts of tracking runs that ended more than {@code
 * mlflow.runArtifactRetentionDays} ago (0 keeps them). A run whose artifacts were removed gets the
 * tag {@value #PURGED}, so it is not visited again.
 */
public final class RetentionActivitiesImpl implements RetentionActivities {

  static final String PURGED = "keel.artifacts_purged";
  private static final Logger LOG = LoggerFactory.getLogger(RetentionActivitiesImpl.class);
  private static final int RUNS_PER_SWEEP = 1000;

  private final Jdbi jdbi;
  private final Retention predictions;
  private final MlflowArtifactStore artifacts;
  private final int runArtifactDays;

  public RetentionActivitiesImpl(
      Jdbi jdbi, Retention predictions, MlflowArtifactStore artifacts, int runArtifactDays) {
    this.jdbi = jdbi;
    this.predictions = predictions;
    this.artifacts = artifacts;
    this.runArtifactDays = runArtifactDays;
  }

  @Override
  public RetentionReport sweep() {
    long deletedPredictions = predictions.purge();
    long purgedRuns = runArtifactDays <= 0 ? 0 : purgeRunArtifacts();
    RetentionReport report =
        new RetentionReport(deletedPredictions, purgedRuns, System.currentTimeMillis());
    jdbi.useExtension(
        RetentionDao.class, dao -> dao.record(report.at(), deletedPredictions, purgedRuns));
    return report;
  }

  private long purgeRunArtifacts() {
    long cutoff = Instant.now().minus(Duration.ofDays(runArtifactDays)).toEpochMilli();
    List<TrackingDao.ArtifactsRow> expired =
        jdbi.withExtension(
            TrackingDao.class, dao -> dao.expiredArtifacts(cutoff, PURGED, RUNS_PER_SWEEP));
    for (TrackingDao.ArtifactsRow run : expired) {
      String relative = MlflowArtifactStore.pathOf(run.artifactUri());
      if (!relative.isEmpty()) {
        artifacts.delete(relative);
      }
      jdbi.useExtension(
          TrackingDao.class,
          dao -> dao.addTagIfMissing(run.runUuid(), PURGED, Instant.now().toString()));
    }
    if (!expired.isEmpty()) {
      LOG.info(
          "retention removed the artifacts of {} tracking run(s) that ended before {}",
          expired.size(),
          Instant.ofEpochMilli(cutoff));
    }
    return expired.size();
  }
}
