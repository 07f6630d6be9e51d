package dev.keel.engine.lineage;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code reproductions} table. */
@RegisterConstructorMapper(ReproductionView.class)
public interface ReproductionDao {

  String COLUMNS =
      "r.id, m.name AS model, r.version, r.status, r.recorded_hash, r.reproduced_hash, r.identical, "
          + "r.error, r.keel_version, r.created_at, r.ended_at";

  @SqlUpdate(
      """
      INSERT INTO reproductions (id, model_id, version, recorded_hash, status, keel_version)
      VALUES (:id, :modelId, :version, :hash, 'RUNNING', :keelVersion)""")
  void insert(
      @Bind("id") String id,
      @Bind("modelId") long modelId,
      @Bind("version") int version,
      @Bind("hash") String recordedHash,
      @Bind("keelVersion") String keelVersion);

  @SqlUpdate(
      "UPDATE reproductions SET status = 'FAILED', error = :error, ended_at = now() "
          + "WHERE id = :id AND status = 'RUNNING'")
  void fail(@Bind("id") String id, @Bind("error") String error);

  /**
   * Records a running reproduction's outcome; a finished one is left as it is (a retried call
   * changes nothing).
   */
  @SqlUpdate(
      """
      UPDATE reproductions SET status = :status, reproduced_hash = :hash, identical = :identical,
             error = :error, ended_at = now()
      WHERE id = :id AND status = 'RUNNING'""")
  void finish(
      @Bind("id") String id,
      @Bind("status") String status,
      @Bind("hash") String reproducedHash,
      @Bind("identical") Boolean identical,
      @Bind("error") String error);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM reproductions r JOIN models m ON m.id = r.model_id WHERE r.id = :id")
  Optional<ReproductionView> find(@Bind("id") String id);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM reproductions r JOIN models m ON m.id = r.model_id "
          + "WHERE m.name = :model AND r.version = :version ORDER BY r.created_at DESC")
  List<ReproductionView> of(@Bind("model") String model, @Bind("version") int version);
}
