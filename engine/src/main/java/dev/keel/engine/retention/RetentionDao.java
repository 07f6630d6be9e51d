package dev.keel.engine.retention;

import dev.keel.workflows.retention.RetentionReport;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Retention sweeps ({@code retention_sweeps}): what each sweep of any engine deleted, and when. */
public interface RetentionDao {

  /** Records a sweep ({@code at} in epoch ms). */
  @SqlUpdate(
      "INSERT INTO retention_sweeps (at, predictions_deleted, run_artifacts_deleted) "
          + "VALUES (to_timestamp(:at / 1000.0), :predictions, :runs)")
  void record(
      @Bind("at") long at,
      @Bind("predictions") long predictionsDeleted,
      @Bind("runs") long runsPurged);

  /** The latest sweep recorded. */
  @SqlQuery(
      "SELECT predictions_deleted, run_artifacts_deleted, "
          + "(extract(epoch FROM at) * 1000)::bigint AS at FROM retention_sweeps ORDER BY id DESC LIMIT 1")
  @RegisterConstructorMapper(RetentionReport.class)
  Optional<RetentionReport> last();
}
