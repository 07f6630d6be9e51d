package dev.keel.engine.datasets;

import dev.keel.ml.data.DatasetProfile;
import dev.keel.workflows.contract.ColumnSpec;
import java.time.OffsetDateTime;
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

  String VERSION_COLUMNS =
      "d.name, v.version, v.row_count, v.columns, v.profile, v.source, v.size_bytes, "
          + "v.created_at";

  @SqlUpdate("INSERT INTO datasets (name) VALUES (:name) ON CONFLICT (name) DO NOTHING")
  void ensureDataset(@Bind("name") String name);

  /** Inserts a version; returns 0 when the dataset already has that version (same content). */
  @SqlUpdate(
      """
      INSERT INTO dataset_versions (dataset_id, version, row_count, columns, profile, source, size_bytes)
      SELECT id, :version, :rows, CAST(:columns AS jsonb), CAST(:profile AS jsonb), :source, :sizeBytes
      FROM datasets WHERE name = :name
      ON CONFLICT (dataset_id, version) DO NOTHING""")
  int insertVersion(
      @Bind("name") String name,
      @Bind("version") String version,
      @Bind("rows") long rows,
      @Bind("columns") @Json List<ColumnSpec> columns,
      @Bind("profile") @Json DatasetProfile profile,
      @Bind("source") String source,
      @Bind("sizeBytes") long sizeBytes);

  @SqlQuery(
      "SELECT "
          + VERSION_COLUMNS
          + " FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id "
          + "WHERE d.name = :name AND v.version = :version")
  Optional<DatasetVersionRow> findVersion(
      @Bind("name") String name, @Bind("version") String version);

  @SqlQuery(
      "SELECT "
          + VERSION_COLUMNS
          + " FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id "
          + "WHERE d.name = :name ORDER BY v.created_at DESC, v.version LIMIT 1")
  Optional<DatasetVersionRow> latestVersion(@Bind("name") String name);

  @SqlQuery(
      "SELECT "
          + VERSION_COLUMNS
          + " FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id "
          + "WHERE d.name = :name ORDER BY v.created_at DESC, v.version")
  List<DatasetVersionRow> listVersions(@Bind("name") String name);

  @SqlQuery("SELECT count(*) > 0 FROM datasets WHERE name = :name")
  boolean exists(@Bind("name") String name);

  @SqlQuery("SELECT name FROM datasets ORDER BY name")
  List<String> listNames();

  /** A version's names in the order they were stored, oldest first. */
  @SqlQuery(
      "SELECT dv.version FROM dataset_versions dv JOIN datasets d ON d.id = dv.dataset_id "
          + "WHERE d.name = :name ORDER BY dv.created_at, dv.version")
  List<String> versionsOldestFirst(@Bind("name") String name);

  /** The artifact addresses of a version's reservoir samples (one per name that holds it). */
  @SqlQuery(
      "SELECT DISTINCT profile->>'sample' FROM dataset_versions "
          + "WHERE version = :version AND profile->>'sample' IS NOT NULL")
  List<String> samplesOf(@Bind("version") String version);

  /** Records a version's data key (once; a version stored again keeps its first row). */
  @SqlUpdate(
      "INSERT INTO dataset_version_keys (version, key_id, wrapped_key) VALUES (:version, :keyId, :key) "
          + "ON CONFLICT (version) DO NOTHING")
  void recordKey(
      @Bind("version") String version, @Bind("keyId") String keyId, @Bind("key") byte[] wrappedKey);

  /** When and by which erasure a version's key was destroyed; empty while it is not. */
  @SqlQuery(
      "SELECT destroyed_at, destroyed_by FROM dataset_version_keys "
          + "WHERE version = :version AND destroyed_at IS NOT NULL")
  @RegisterConstructorMapper(DestroyedKey.class)
  Optional<DestroyedKey> destroyedKey(@Bind("version") String version);

  /** A destroyed key's row. */
  record DestroyedKey(OffsetDateTime destroyedAt, String destroyedBy) {}

  /**
   * Wipes a version's sealed key, recording the first destruction's time and erasure. Safe to
   * repeat.
   */
  @SqlUpdate(
      """
      INSERT INTO dataset_version_keys (version, key_id, wrapped_key, destroyed_at, destroyed_by)
      VALUES (:version, NULL, NULL, now(), :by)
      ON CONFLICT (version) DO UPDATE SET wrapped_key = NULL,
        destroyed_at = COALESCE(dataset_version_keys.destroyed_at, now()),
        destroyed_by = COALESCE(dataset_version_keys.destroyed_by, :by)""")
  void destroyKey(@Bind("version") String version, @Bind("by") String erasureId);
}
