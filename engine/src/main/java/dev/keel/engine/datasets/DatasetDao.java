package dev.keel.engine.datasets;

import dev.keel.workers.data.DatasetProfile;
import dev.keel.workflows.training.ColumnSpec;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.json.Json;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Datasets and their immutable, content-addressed versions. */
@RegisterConstructorMapper(DatasetVersionRow.class)
public interface DatasetDao {

  String VERSION_COLUMNS = "d.name, v.version, v.row_count, v.columns, v.profile, v.source, v.size_bytes, "
      + "v.created_at";

  @SqlUpdate("INSERT INTO datasets (name) VALUES (:name) ON CONFLICT (name) DO NOTHING")
  void ensureDataset(@Bind("name") String name);

  /** Inserts a version; returns 0 when the dataset already has that version (same content). */
  @SqlUpdate("""
      INSERT INTO dataset_versions (dataset_id, version, row_count, columns, profile, source, size_bytes)
      SELECT id, :version, :rows, CAST(:columns AS jsonb), CAST(:profile AS jsonb), :source, :sizeBytes
      FROM datasets WHERE name = :name
      ON CONFLICT (dataset_id, version) DO NOTHING""")
  int insertVersion(@Bind("name") String name, @Bind("version") String version, @Bind("rows") long rows,
      @Bind("columns") @Json List<ColumnSpec> columns, @Bind("profile") @Json DatasetProfile profile,
      @Bind("source") String source, @Bind("sizeBytes") long sizeBytes);

  @SqlQuery("SELECT " + VERSION_COLUMNS + " FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id "
      + "WHERE d.name = :name AND v.version = :version")
  Optional<DatasetVersionRow> findVersion(@Bind("name") String name, @Bind("version") String version);

  @SqlQuery("SELECT " + VERSION_COLUMNS + " FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id "
      + "WHERE d.name = :name ORDER BY v.created_at DESC, v.version LIMIT 1")
  Optional<DatasetVersionRow> latestVersion(@Bind("name") String name);

  @SqlQuery("SELECT " + VERSION_COLUMNS + " FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id "
      + "WHERE d.name = :name ORDER BY v.created_at DESC, v.version")
  List<DatasetVersionRow> listVersions(@Bind("name") String name);

  @SqlQuery("SELECT count(*) > 0 FROM datasets WHERE name = :name")
  boolean exists(@Bind("name") String name);

  @SqlQuery("SELECT name FROM datasets ORDER BY name")
  List<String> listNames();
}
