package dev.keel.engine.models;

import dev.keel.engine.models.RegistryRows.AliasRow;
import dev.keel.engine.models.RegistryRows.ModelRow;
import dev.keel.engine.models.RegistryRows.TagRow;
import dev.keel.engine.models.RegistryRows.VersionRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMap;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The registry's tables as MLflow's model-registry API reads and writes them (one registry with
 * Keel's): models and versions with descriptions and epoch-millisecond times, their tags and
 * aliases, and the registry searches. New models, versions and aliases are written through {@link
 * ModelDao} and {@link VersionDao}.
 */
@RegisterConstructorMapper(ModelRow.class)
@RegisterConstructorMapper(VersionRow.class)
@RegisterConstructorMapper(TagRow.class)
@RegisterConstructorMapper(AliasRow.class)
public interface RegistryDao {

  String MODEL_COLUMNS =
      """
      m.id, m.name, m.task, coalesce(m.description, m.definition ->> 'description') AS description,
      (extract(epoch FROM m.created_at) * 1000)::bigint AS created,
      (extract(epoch FROM greatest(m.updated_at, (SELECT max(greatest(v.created_at, v.updated_at))
        FROM model_versions v WHERE v.model_id = m.id))) * 1000)::bigint AS updated""";

  /**
   * The tags of the model {@code m} in a search's tag condition ({@code t.key}, {@code t.value}).
   */
  String MODEL_TAGS = "model_tags t WHERE t.model_id = m.id";

  /**
   * The tags of the version {@code v} in a search's tag condition ({@code t.key}, {@code t.value}).
   */
  String VERSION_TAGS =
      "model_version_tags t WHERE t.model_id = v.model_id AND t.version = v.version";

  String VERSION_COLUMNS =
      """
      v.model_id, m.name AS model, v.version, v.run_id, v.tracking_run_id, v.source, v.artifact, v.description,
      v.created_by, v.run_link, v.format, v.status, (extract(epoch FROM v.created_at) * 1000)::bigint AS created,
      (extract(epoch FROM greatest(v.created_at, v.updated_at)) * 1000)::bigint AS updated""";

  @SqlQuery("SELECT " + MODEL_COLUMNS + " FROM models m WHERE m.name = :name")
  Optional<ModelRow> model(@Bind("name") String name);

  /**
   * Locks the model's row for the rest of the transaction (serialises version numbering and
   * retries).
   */
  @SqlQuery("SELECT " + MODEL_COLUMNS + " FROM models m WHERE m.name = :name FOR UPDATE OF m")
  Optional<ModelRow> lockModel(@Bind("name") String name);

  /** Whether the model was created less than {@code seconds} ago. */
  @SqlQuery(
      "SELECT created_at > now() - make_interval(secs => :seconds) FROM models WHERE id = :id")
  boolean createdWithin(@Bind("id") long id, @Bind("seconds") int seconds);

  @SqlUpdate("UPDATE models SET description = :description, updated_at = now() WHERE id = :id")
  void describeModel(@Bind("id") long id, @Bind("description") String description);

  @SqlUpdate("UPDATE models SET updated_at = now() WHERE id = :id")
  void touchModel(@Bind("id") long id);

  @SqlUpdate(
      """
      UPDATE models SET name = :newName, definition = jsonb_set(definition, '{name}', to_jsonb(CAST(:newName AS text))),
      updated_at = now() WHERE id = :id""")
  void renameModel(@Bind("id") long id, @Bind("newName") String newName);

  @SqlUpdate("DELETE FROM model_aliases WHERE model_id = :id")
  void deleteAliases(@Bind("id") long id);

  @SqlUpdate("DELETE FROM model_versions WHERE model_id = :id")
  void deleteVersions(@Bind("id") long id);

  /** Deletes the model; its tags and version tags go with it (ON DELETE CASCADE). */
  @SqlUpdate("DELETE FROM models WHERE id = :id")
  void deleteModel(@Bind("id") long id);

  // tags

  @SqlQuery(
      "SELECT model_id, 0 AS version, key, value FROM model_tags WHERE model_id IN (<ids>) ORDER BY key")
  List<TagRow> modelTags(@BindList("ids") List<Long> ids);

  @SqlUpdate(
      """
      INSERT INTO model_tags (model_id, key, value) VALUES (:id, :key, :value)
      ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value""")
  void setModelTag(@Bind("id") long id, @Bind("key") String key, @Bind("value") String value);

  @SqlUpdate("DELETE FROM model_tags WHERE model_id = :id AND key = :key")
  int deleteModelTag(@Bind("id") long id, @Bind("key") String key);

  @SqlQuery(
      """
      SELECT model_id, version, key, value FROM model_version_tags WHERE model_id IN (<ids>)
      ORDER BY model_id, version, key""")
  List<TagRow> versionTags(@BindList("ids") List<Long> ids);

  @SqlUpdate(
      """
      INSERT INTO model_version_tags (model_id, version, key, value) VALUES (:id, :version, :key, :value)
      ON CONFLICT (model_id, version, key) DO UPDATE SET value = excluded.value""")
  void setVersionTag(
      @Bind("id") long id,
      @Bind("version") int version,
      @Bind("key") String key,
      @Bind("value") String value);

  @SqlUpdate(
      "DELETE FROM model_version_tags WHERE model_id = :id AND version = :version AND key = :key")
  int deleteVersionTag(@Bind("id") long id, @Bind("version") int version, @Bind("key") String key);

  // aliases

  @SqlQuery(
      "SELECT model_id, alias, version FROM model_aliases WHERE model_id IN (<ids>) ORDER BY alias")
  List<AliasRow> aliases(@BindList("ids") List<Long> ids);

  @SqlUpdate("DELETE FROM model_aliases WHERE model_id = :id AND alias = :alias")
  int deleteAlias(@Bind("id") long id, @Bind("alias") String alias);

  // versions

  @SqlQuery(
      "SELECT "
          + VERSION_COLUMNS
          + " FROM model_versions v JOIN models m ON m.id = v.model_id "
          + "WHERE v.model_id = :id AND v.version = :version")
  Optional<VersionRow> version(@Bind("id") long id, @Bind("version") int version);

  /** The newest version of each model. */
  @SqlQuery(
      "SELECT DISTINCT ON (v.model_id) "
          + VERSION_COLUMNS
          + " FROM model_versions v "
          + "JOIN models m ON m.id = v.model_id WHERE v.model_id IN (<ids>) ORDER BY v.model_id, v.version DESC")
  List<VersionRow> latestVersions(@BindList("ids") List<Long> ids);

  /**
   * A version of the same source and run registered less than {@code seconds} ago (a client's
   * retry).
   */
  @SqlQuery(
      """
      SELECT max(version) FROM model_versions WHERE model_id = :id AND source IS NOT DISTINCT FROM :source
      AND tracking_run_id IS NOT DISTINCT FROM :runId AND created_at > now() - make_interval(secs => :seconds)""")
  Optional<Integer> recentVersion(
      @Bind("id") long id,
      @Bind("source") String source,
      @Bind("runId") String runId,
      @Bind("seconds") int seconds);

  @SqlUpdate(
      "UPDATE model_versions SET description = :description, updated_at = now() "
          + "WHERE model_id = :id AND version = :version")
  void describeVersion(
      @Bind("id") long id, @Bind("version") int version, @Bind("description") String description);

  @SqlUpdate(
      "UPDATE model_versions SET updated_at = now() WHERE model_id = :id AND version = :version")
  void touchVersion(@Bind("id") long id, @Bind("version") int version);

  @SqlUpdate("DELETE FROM model_aliases WHERE model_id = :id AND version = :version")
  void deleteVersionAliases(@Bind("id") long id, @Bind("version") int version);

  @SqlUpdate("DELETE FROM model_versions WHERE model_id = :id AND version = :version")
  void deleteVersion(@Bind("id") long id, @Bind("version") int version);

  /** The tags of one version with these keys. */
  @SqlQuery(
      "SELECT model_id, version, key, value FROM model_version_tags "
          + "WHERE model_id = :id AND version = :version AND key IN (<keys>) ORDER BY key")
  List<TagRow> versionTags(
      @Bind("id") long id, @Bind("version") int version, @BindList("keys") List<String> keys);

  // searches: {@code where} and {@code order} are built by the registry search from a closed list
  // of fragments
  // (columns, operators, these tag tables); every value is bound by name in {@code values}

  @SqlQuery(
      "SELECT "
          + MODEL_COLUMNS
          + " FROM models m WHERE <where> ORDER BY <order> LIMIT :limit OFFSET :offset")
  List<ModelRow> searchModels(
      @Define("where") String where,
      @Define("order") String order,
      @BindMap Map<String, ?> values,
      @Bind("limit") int limit,
      @Bind("offset") int offset);

  @SqlQuery(
      "SELECT "
          + VERSION_COLUMNS
          + " FROM model_versions v JOIN models m ON m.id = v.model_id "
          + "WHERE <where> ORDER BY <order> LIMIT :limit OFFSET :offset")
  List<VersionRow> searchVersions(
      @Define("where") String where,
      @Define("order") String order,
      @BindMap Map<String, ?> values,
      @Bind("limit") int limit,
      @Bind("offset") int offset);
}
