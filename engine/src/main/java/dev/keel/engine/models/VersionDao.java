package dev.keel.engine.models;

import dev.keel.workflows.training.ColumnSpec;
import dev.keel.workflows.training.GateResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.json.Json;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Model versions and aliases ({@code champion}, …). */
@RegisterConstructorMapper(VersionRow.class)
public interface VersionDao {

  String COLUMNS = "m.name AS model, v.version, v.run_id, v.artifact, v.signature, v.metrics, v.gates, v.lineage, "
      + "v.status, v.created_at";

  @SqlQuery("SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE model_id = :modelId")
  int nextVersion(@Bind("modelId") long modelId);

  @SqlUpdate("""
      INSERT INTO model_versions (model_id, version, run_id, artifact, signature, metrics, gates, lineage, status)
      VALUES (:modelId, :version, :runId, :artifact, CAST(:signature AS jsonb), CAST(:metrics AS jsonb),
              CAST(:gates AS jsonb), CAST(:lineage AS jsonb), :status)""")
  void insert(@Bind("modelId") long modelId, @Bind("version") int version, @Bind("runId") String runId,
      @Bind("artifact") String artifact, @Bind("signature") @Json List<ColumnSpec> signature,
      @Bind("metrics") @Json Map<String, Double> metrics, @Bind("gates") @Json List<GateResult> gates,
      @Bind("lineage") @Json Lineage lineage, @Bind("status") String status);

  @SqlQuery("SELECT " + COLUMNS + " FROM model_versions v JOIN models m ON m.id = v.model_id "
      + "WHERE m.name = :model ORDER BY v.version DESC")
  List<VersionRow> list(@Bind("model") String model);

  @SqlQuery("SELECT " + COLUMNS + " FROM model_versions v JOIN models m ON m.id = v.model_id "
      + "WHERE m.name = :model AND v.version = :version")
  Optional<VersionRow> find(@Bind("model") String model, @Bind("version") int version);

  /** The first version Keel trained (versions registered from outside carry no signature). */
  @SqlQuery("SELECT " + COLUMNS + " FROM model_versions v JOIN models m ON m.id = v.model_id "
      + "WHERE m.name = :model AND v.format = 'keel' ORDER BY v.version ASC LIMIT 1")
  Optional<VersionRow> first(@Bind("model") String model);

  @SqlQuery("SELECT " + COLUMNS + " FROM model_versions v JOIN models m ON m.id = v.model_id "
      + "JOIN model_aliases a ON a.model_id = v.model_id AND a.version = v.version "
      + "WHERE m.name = :model AND a.alias = :alias")
  Optional<VersionRow> byAlias(@Bind("model") String model, @Bind("alias") String alias);

  @SqlQuery("SELECT count(*) FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = :model")
  int count(@Bind("model") String model);

  /** An alias and the version it points at. */
  record Alias(int version, String alias) {}

  /** Every alias of the model, in alias order. */
  @SqlQuery("SELECT a.version, a.alias FROM model_aliases a JOIN models m ON m.id = a.model_id "
      + "WHERE m.name = :model ORDER BY a.alias")
  @RegisterConstructorMapper(Alias.class)
  List<Alias> aliases(@Bind("model") String model);

  @SqlQuery("SELECT a.alias FROM model_aliases a JOIN models m ON m.id = a.model_id "
      + "WHERE m.name = :model AND a.version = :version ORDER BY a.alias")
  List<String> aliasesOf(@Bind("model") String model, @Bind("version") int version);

  @SqlUpdate("""
      INSERT INTO model_aliases (model_id, alias, version) VALUES (:modelId, :alias, :version)
      ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version, updated_at = now()""")
  void setAlias(@Bind("modelId") long modelId, @Bind("alias") String alias, @Bind("version") int version);

  /** How the version's artifact is stored ({@code keel}, {@code onnx}, {@code external}). */
  @SqlQuery("SELECT v.format FROM model_versions v JOIN models m ON m.id = v.model_id "
      + "WHERE m.name = :model AND v.version = :version")
  Optional<String> format(@Bind("model") String model, @Bind("version") int version);

  /** A version and the dataset version it was trained on. */
  record TrainedOn(long modelId, String model, int version, String datasetVersion) {}

  /** Every version trained on one of {@code datasetVersions} of {@code dataset}, by model and version. */
  @SqlQuery("""
      SELECT v.model_id, m.name AS model, v.version, v.lineage -> 'dataset' ->> 'version' AS dataset_version
      FROM model_versions v JOIN models m ON m.id = v.model_id
      WHERE v.lineage -> 'dataset' ->> 'name' = :dataset
        AND v.lineage -> 'dataset' ->> 'version' = ANY(:versions)
      ORDER BY m.name, v.version""")
  @RegisterConstructorMapper(TrainedOn.class)
  List<TrainedOn> trainedOn(@Bind("dataset") String dataset, @Bind("versions") String[] datasetVersions);
}
