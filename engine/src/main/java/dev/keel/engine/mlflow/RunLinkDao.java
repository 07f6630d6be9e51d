package dev.keel.engine.mlflow;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * What the model-registry API reads of a tracking run a version names: its latest metrics and
 * artifact root.
 */
public interface RunLinkDao {

  /** The latest value of each metric of a tracking run. */
  @SqlQuery("SELECT key, value FROM tracking_latest_metrics WHERE run_uuid = :runId ORDER BY key")
  @RegisterConstructorMapper(Metric.class)
  List<Metric> runMetrics(@Bind("runId") String runId);

  /** A metric's latest value. */
  record Metric(String key, double value) {}

  @SqlQuery("SELECT artifact_uri FROM tracking_runs WHERE run_uuid = :runId")
  Optional<String> runArtifactUri(@Bind("runId") String runId);
}
