package dev.keel.engine.retention;

import dev.keel.engine.mlflow.MlflowArtifactStore;
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
 * One retention sweep: logged predictions older than {@code serving.retentionDays} (with their feedback), and the
 * artifacts of tracking runs that ended more than {@code mlflow.runArtifactRetentionDays} ago (0 keeps them). A run
 * whose artifacts were removed gets the tag {@value #PURGED}, so it is not visited again.
 */
public final class RetentionActivitiesImpl implements RetentionActivities {

  static final String PURGED = "keel.artifacts_purged";
  private static final Logger LOG = LoggerFactory.getLogger(RetentionActivitiesImpl.class);
  private static final int RUNS_PER_SWEEP = 1000;

  private final Jdbi jdbi;
  private final Retention predictions;
  private final MlflowArtifactStore artifacts;
  private final int runArtifactDays;

  public RetentionActivitiesImpl(Jdbi jdbi, Retention predictions, MlflowArtifactStore artifacts,
      int runArtifactDays) {
    this.jdbi = jdbi;
    this.predictions = predictions;
    this.artifacts = artifacts;
    this.runArtifactDays = runArtifactDays;
  }

  @Override
  public RetentionReport sweep() {
    long deletedPredictions = predictions.purge();
    long purgedRuns = runArtifactDays <= 0 ? 0 : purgeRunArtifacts();
    RetentionReport report = new RetentionReport(deletedPredictions, purgedRuns, System.currentTimeMillis());
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO retention_sweeps (at, predictions_deleted, run_artifacts_deleted) "
            + "VALUES (to_timestamp(:at / 1000.0), :predictions, :runs)")
        .bind("at", report.at()).bind("predictions", deletedPredictions).bind("runs", purgedRuns).execute());
    return report;
  }

  private long purgeRunArtifacts() {
    long cutoff = Instant.now().minus(Duration.ofDays(runArtifactDays)).toEpochMilli();
    record Expired(String runId, String artifactUri) {}
    List<Expired> expired = jdbi.withHandle(h -> h.createQuery("""
            SELECT r.run_uuid, r.artifact_uri FROM tracking_runs r
            WHERE r.end_time < :cutoff AND r.artifact_uri LIKE 'mlflow-artifacts:%'
              AND NOT EXISTS (SELECT 1 FROM tracking_tags t WHERE t.run_uuid = r.run_uuid AND t.key = :purged)
            ORDER BY r.end_time LIMIT :limit""")
        .bind("cutoff", cutoff).bind("purged", PURGED).bind("limit", RUNS_PER_SWEEP)
        .map((rs, ctx) -> new Expired(rs.getString(1), rs.getString(2))).list());
    for (Expired run : expired) {
      String relative = MlflowArtifactStore.pathOf(run.artifactUri());
      if (!relative.isEmpty()) {
        artifacts.delete(relative);
      }
      jdbi.useHandle(h -> h.createUpdate("INSERT INTO tracking_tags (run_uuid, key, value) VALUES (:run, :key, :at) "
              + "ON CONFLICT DO NOTHING")
          .bind("run", run.runId()).bind("key", PURGED).bind("at", Instant.now().toString()).execute());
    }
    if (!expired.isEmpty()) {
      LOG.info("retention removed the artifacts of {} tracking run(s) that ended before {}", expired.size(),
          Instant.ofEpochMilli(cutoff));
    }
    return expired.size();
  }
}
