package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.RegistryRows.AliasRow;
import dev.keel.engine.mlflow.RegistryRows.ModelRow;
import dev.keel.engine.mlflow.RegistryRows.TagRow;
import dev.keel.engine.mlflow.RegistryRows.VersionRow;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The registry's tables as MLflow's model-registry API reads and writes them (one registry with Keel's). */
@RegisterConstructorMapper(ModelRow.class)
@RegisterConstructorMapper(VersionRow.class)
@RegisterConstructorMapper(TagRow.class)
@RegisterConstructorMapper(AliasRow.class)
public interface RegistryDao {

  String MODEL_COLUMNS = """
      m.id, m.name, m.task, coalesce(m.description, m.definition ->> 'description') AS description,
      (extract(epoch FROM m.created_at) * 1000)::bigint AS created,
      (extract(epoch FROM greatest(m.updated_at, (SELECT max(greatest(v.created_at, v.updated_at))
        FROM model_versions v WHERE v.model_id = m.id))) * 1000)::bigint AS updated""";

  String VERSION_COLUMNS = """
      v.model_id, m.name AS model, v.version, v.run_id, v.tracking_run_id, v.source, v.artifact, v.description,
      v.created_by, v.run_link, v.format, v.status, (extract(epoch FROM v.created_at) * 1000)::bigint AS created,
      (extract(epoch FROM greatest(v.created_at, v.updated_at)) * 1000)::bigint AS updated""";

  @SqlQuery("SELECT " + MODEL_COLUMNS + " FROM models m WHERE m.name = :name")
  Optional<ModelRow> model(@Bind("name") String name);

  /** Locks the model's row for the rest of the transaction (serialises version numbering and retries). */
  @SqlQuery("SELECT " + MODEL_COLUMNS + " FROM models m WHERE m.name = :name FOR UPDATE OF m")
  Optional<ModelRow> lockModel(@Bind("name") String name);

  /** Inserts a model registered through MLflow: no task, a definition that names it only; 0 when the name is taken. */
  @SqlUpdate("""
      INSERT INTO models (name, task, definition, description) VALUES (:name, NULL, jsonb_build_object('name', :name),
      :description) ON CONFLICT (name) DO NOTHING""")
  int insertModel(@Bind("name") String name, @Bind("description") String description);

  /** Whether the model was created less than {@code seconds} ago. */
  @SqlQuery("SELECT created_at > now() - make_interval(secs => :seconds) FROM models WHERE id = :id")
  boolean createdWithin(@Bind("id") long id, @Bind("seconds") int seconds);

  @SqlUpdate("UPDATE models SET description = :description, updated_at = now() WHERE id = :id")
  void describeModel(@Bind("id") long id, @Bind("description") String description);

  @SqlUpdate("UPDATE models SET updated_at = now() WHERE id = :id")
  void touchModel(@Bind("id") long id);

  @SqlUpdate("""
      UPDATE models SET name = :newName, definition = jsonb_set(definition, '{name}', to_jsonb(CAST(:newName AS text))),
      updated_at = now() WHERE id = :id""")
  void renameModel(@Bind("id") long id, @Bind("newName") String newName);

  /** What keeps a model's name in use elsewhere in Keel: serving state, deployments, runs. */
  @SqlQuery("""
      SELECT (SELECT count(*) FROM serving_state WHERE model_id = :id) > 0 AS served,
             (SELECT count(*) FROM deployments WHERE model_id = :id) > 0 AS deployed,
             (SELECT count(*) FROM runs WHERE model_id = :id) > 0 AS runs""")
  @RegisterConstructorMapper(Usage.class)
  Usage usage(@Bind("id") long id);

  /** Where a model's name is in use in Keel. */
  record Usage(boolean served, boolean deployed, boolean runs) {}

  @SqlUpdate("DELETE FROM model_aliases WHERE model_id = :id")
  void deleteAliases(@Bind("id") long id);

  @SqlUpdate("DELETE FROM model_versions WHERE model_id = :id")
  void deleteVersions(@Bind("id") long id);

  /** Deletes the model; its tags and version tags go with it (ON DELETE CASCADE). */
  @SqlUpdate("DELETE FROM models WHERE id = :id")
  void deleteModel(@Bind("id") long id);

  // tags

  @SqlQuery("SELECT model_id, 0 AS version, key, value FROM model_tags WHERE model_id IN (<ids>) ORDER BY key")
  List<TagRow> modelTags(@BindList("ids") List<Long> ids);

  @SqlUpdate("""
      INSERT INTO model_tags (model_id, key, value) VALUES (:id, :key, :value)
      ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value""")
  void setModelTag(@Bind("id") long id, @Bind("key") String key, @Bind("value") String value);

  @SqlUpdate("DELETE FROM model_tags WHERE model_id = :id AND key = :key")
  int deleteModelTag(@Bind("id") long id, @Bind("key") String key);

  @SqlQuery("""
      SELECT model_id, version, key, value FROM model_version_tags WHERE model_id IN (<ids>)
      ORDER BY model_id, version, key""")
  List<TagRow> versionTags(@BindList("ids") List<Long> ids);

  @SqlUpdate("""
      INSERT INTO model_version_tags (model_id, version, key, value) VALUES (:id, :version, :key, :value)
      ON CONFLICT (model_id, version, key) DO UPDATE SET value = excluded.value""")
  void setVersionTag(@Bind("id") long id, @Bind("version") int version, @Bind("key") String key,
      @Bind("value") String value);

  @SqlUpdate("DELETE FROM model_version_tags WHERE model_id = :id AND version = :version AND key = :key")
  int deleteVersionTag(@Bind("id") long id, @Bind("version") int version, @Bind("key") String key);

  // aliases

  @SqlQuery("SELECT model_id, alias, version FROM model_aliases WHERE model_id IN (<ids>) ORDER BY alias")
  List<AliasRow> aliases(@BindList("ids") List<Long> ids);

  @SqlUpdate("""
      INSERT INTO model_aliases (model_id, alias, version) VALUES (:id, :alias, :version)
      ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version, updated_at = now()""")
  void setAlias(@Bind("id") long id, @Bind("alias") String alias, @Bind("version") int version);

  @SqlUpdate("DELETE FROM model_aliases WHERE model_id = :id AND alias = :alias")
  int deleteAlias(@Bind("id") long id, @Bind("alias") String alias);

  // versions

  @SqlQuery("SELECT " + VERSION_COLUMNS + " FROM model_versions v JOIN models m ON m.id = v.model_id "
      + "WHERE v.model_id = :id AND v.version = :version")
  Optional<VersionRow> version(@Bind("id") long id, @Bind("version") int version);

  /** The newest version of each model. */
  @SqlQuery("SELECT DISTINCT ON (v.model_id) " + VERSION_COLUMNS + " FROM model_versions v "
      + "JOIN models m ON m.id = v.model_id WHERE v.model_id IN (<ids>) ORDER BY v.model_id, v.version DESC")
  List<VersionRow> latestVersions(@BindList("ids") List<Long> ids);

  /** A version of the same source and run registered less than {@code seconds} ago (a client's retry). */
  @SqlQuery("""
      SELECT max(version) FROM model_versions WHERE model_id = :id AND source IS NOT DISTINCT FROM :source
      AND tracking_run_id IS NOT DISTINCT FROM :runId AND created_at > now() - make_interval(secs => :seconds)""")
  Optional<Integer> recentVersion(@Bind("id") long id, @Bind("source") String source, @Bind("runId") String runId,
      @Bind("seconds") int seconds);

  @SqlQuery("SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE model_id = :id")
  int nextVersion(@Bind("id") long id);

  /** Inserts a version registered through MLflow: format 'external', no Keel run. */
  @SqlUpdate("""
      INSERT INTO model_versions (model_id, version, run_id, artifact, signature, metrics, gates, lineage, status,
        format, source, tracking_run_id, description, created_by, run_link)
      VALUES (:id, :version, NULL, :source, '[]', CAST(:metrics AS jsonb), '[]', CAST(:lineage AS jsonb), :status,
        'external', :source, :runId, :description, :createdBy, :runLink)""")
  void insertVersion(@Bind("id") long id, @Bind("version") int version, @Bind("source") String source,
      @Bind("runId") String runId, @Bind("metrics") String metricsJson, @Bind("lineage") String lineageJson,
      @Bind("status") String status, @Bind("description") String description, @Bind("createdBy") String createdBy,
      @Bind("runLink") String runLink);

  @SqlUpdate("UPDATE model_versions SET description = :description, updated_at = now() "
      + "WHERE model_id = :id AND version = :version")
  void describeVersion(@Bind("id") long id, @Bind("version") int version, @Bind("description") String description);

  @SqlUpdate("UPDATE model_versions SET updated_at = now() WHERE model_id = :id AND version = :version")
  void touchVersion(@Bind("id") long id, @Bind("version") int version);

  /** Whether the version is served or was ever deployed (deployments keep history). */
  @SqlQuery("""
      SELECT EXISTS (SELECT 1 FROM serving_state
                     WHERE model_id = :id AND (version = :version OR canary_version = :version))
          OR EXISTS (SELECT 1 FROM deployments
                     WHERE model_id = :id AND (version = :version OR canary_version = :version))""")
  boolean versionDeployed(@Bind("id") long id, @Bind("version") int version);

  @SqlUpdate("DELETE FROM model_aliases WHERE model_id = :id AND version = :version")
  void deleteVersionAliases(@Bind("id") long id, @Bind("version") int version);

  @SqlUpdate("DELETE FROM model_versions WHERE model_id = :id AND version = :version")
  void deleteVersion(@Bind("id") long id, @Bind("version") int version);

  /** The latest value of each metric of a tracking run. */
  @SqlQuery("SELECT key, value FROM tracking_latest_metrics WHERE run_uuid = :runId ORDER BY key")
  @RegisterConstructorMapper(Metric.class)
  List<Metric> runMetrics(@Bind("runId") String runId);

  /** A metric's latest value. */
  record Metric(String key, double value) {}

  @SqlQuery("SELECT artifact_uri FROM tracking_runs WHERE run_uuid = :runId")
  Optional<String> runArtifactUri(@Bind("runId") String runId);
}
