package dev.keel.engine.models;

import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.GateResult;
import dev.keel.workflows.contract.VersionStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.json.Json;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Model versions and aliases ({@code champion}, …): the one writer of new versions ({@link
 * #insert}), of a version's status ({@link #setStatus}) and of aliases ({@link #setAlias}).
 */
@RegisterConstructorMapper(VersionRow.class)
public interface VersionDao extends SqlObject {

  String COLUMNS =
      "m.name AS model, v.version, v.run_id, v.artifact, v.signature, v.metrics, v.gates, v.lineage, "
          + "v.status, v.created_at";

  /** Format of a version Keel trained. */
  String FORMAT_KEEL = "keel";

  /** Format of a version registered from outside and not imported yet (not servable). */
  String FORMAT_EXTERNAL = "external";

  /** Status of a version registered through the MLflow API: neither passed gates nor approved. */
  String REGISTERED = "REGISTERED";

  @SqlQuery("SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE model_id = :modelId")
  int nextVersion(@Bind("modelId") long modelId);

  /**
   * Inserts a version: the one writer of new {@code model_versions} rows. {@code format} is {@code
   * keel} for a version Keel trained (with its run), {@code external} for one registered through
   * the MLflow API (a source URI, MLflow's run id, no Keel run).
   */
  @SqlUpdate(
      """
      INSERT INTO model_versions (model_id, version, run_id, artifact, signature, metrics, gates, lineage, status,
        format, source, tracking_run_id, description, created_by, run_link)
      VALUES (:modelId, :version, :runId, :artifact, CAST(:signature AS jsonb), CAST(:metrics AS jsonb),
              CAST(:gates AS jsonb), CAST(:lineage AS jsonb), :status, :format, :source, :trackingRunId,
              :description, :createdBy, :runLink)""")
  void insert(
      @Bind("modelId") long modelId,
      @Bind("version") int version,
      @Bind("runId") String runId,
      @Bind("artifact") String artifact,
      @Bind("signature") @Json List<ColumnSpec> signature,
      @Bind("metrics") @Json Map<String, Double> metrics,
      @Bind("gates") @Json List<GateResult> gates,
      @Bind("lineage") @Json Lineage lineage,
      @Bind("status") String status,
      @Bind("format") String format,
      @Bind("source") String source,
      @Bind("trackingRunId") String trackingRunId,
      @Bind("description") String description,
      @Bind("createdBy") String createdBy,
      @Bind("runLink") String runLink);

  /** Inserts a version a Keel run trained (format {@code keel}). */
  default void insert(
      long modelId,
      int version,
      String runId,
      String artifact,
      List<ColumnSpec> signature,
      Map<String, Double> metrics,
      List<GateResult> gates,
      Lineage lineage,
      String status) {
    insert(
        modelId,
        version,
        runId,
        artifact,
        signature,
        metrics,
        gates,
        lineage,
        status,
        FORMAT_KEEL,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * Inserts a version registered through the MLflow API (format {@code external}): its artifact is
   * its source until it is imported; no signature or gates.
   */
  default void insertExternal(
      long modelId,
      int version,
      String source,
      String trackingRunId,
      Map<String, Double> metrics,
      Lineage lineage,
      String status,
      String description,
      String createdBy,
      String runLink) {
    insert(
        modelId,
        version,
        null,
        source,
        List.of(),
        metrics,
        List.of(),
        lineage,
        status,
        FORMAT_EXTERNAL,
        source,
        trackingRunId,
        description,
        createdBy,
        runLink);
  }

  /**
   * Moves a version's status to {@code status} when its status is one of {@code from}: the one
   * writer of a version's status. Returns 0 when the version does not exist or has another status.
   */
  @SqlUpdate(
      "UPDATE model_versions SET status = :status "
          + "WHERE model_id = :modelId AND version = :version AND status IN (<from>)")
  int setStatus(
      @Bind("modelId") long modelId,
      @Bind("version") int version,
      @BindList("from") List<String> from,
      @Bind("status") String status);

  /**
   * Records a decision on a {@code PASSED} version: {@code APPROVED} or {@code REJECTED}; 0 when it
   * is not PASSED.
   */
  default int decide(long modelId, int version, boolean approved) {
    return setStatus(
        modelId,
        version,
        List.of(VersionStatus.PASSED.name()),
        (approved ? VersionStatus.APPROVED : VersionStatus.REJECTED).name());
  }

  @SqlQuery("SELECT status FROM model_versions WHERE model_id = :modelId AND version = :version")
  Optional<String> status(@Bind("modelId") long modelId, @Bind("version") int version);

  /**
   * What an import reads of a version: its model, format, artifact and source, and the model's
   * task.
   */
  record Source(long modelId, String format, String artifact, String source, String task) {}

  @SqlQuery(
      """
      SELECT v.model_id, v.format, v.artifact, v.source, m.task
      FROM model_versions v JOIN models m ON m.id = v.model_id
      WHERE m.name = :model AND v.version = :version""")
  @RegisterConstructorMapper(Source.class)
  Optional<Source> source(@Bind("model") String model, @Bind("version") int version);

  /**
   * An {@code external} version becomes {@code onnx}, servable; 0 when it is not {@code external}.
   */
  @SqlUpdate(
      """
      UPDATE model_versions SET format = 'onnx', artifact = :artifact, signature = CAST(:signature AS jsonb),
        onnx_spec = CAST(:spec AS jsonb), updated_at = now()
      WHERE model_id = :modelId AND version = :version AND format = 'external'""")
  int markImported(
      @Bind("modelId") long modelId,
      @Bind("version") int version,
      @Bind("artifact") String artifact,
      @Bind("signature") String signatureJson,
      @Bind("spec") String specJson);

  /**
   * Imports an {@code external} version as ONNX: its format, artifact, signature and spec; a
   * version that has not passed (or been approved) becomes {@code PASSED}; its model takes the
   * version's task when it has none. Returns whether this call imported it.
   */
  @Transaction
  default boolean importOnnx(
      long modelId,
      int version,
      String artifact,
      String signatureJson,
      String specJson,
      String task) {
    if (markImported(modelId, version, artifact, signatureJson, specJson) == 0) {
      return false;
    }
    String status = status(modelId, version).orElseThrow();
    if (!VersionStatus.PASSED.name().equals(status)
        && !VersionStatus.APPROVED.name().equals(status)) {
      setStatus(modelId, version, List.of(status), VersionStatus.PASSED.name());
    }
    getHandle().attach(ModelDao.class).setTaskIfUnset(modelId, task);
    return true;
  }

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM model_versions v JOIN models m ON m.id = v.model_id "
          + "WHERE m.name = :model ORDER BY v.version DESC")
  List<VersionRow> list(@Bind("model") String model);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM model_versions v JOIN models m ON m.id = v.model_id "
          + "WHERE m.name = :model AND v.version = :version")
  Optional<VersionRow> find(@Bind("model") String model, @Bind("version") int version);

  /** The first version Keel trained (versions registered from outside carry no signature). */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM model_versions v JOIN models m ON m.id = v.model_id "
          + "WHERE m.name = :model AND v.format = 'keel' ORDER BY v.version ASC LIMIT 1")
  Optional<VersionRow> first(@Bind("model") String model);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM model_versions v JOIN models m ON m.id = v.model_id "
          + "JOIN model_aliases a ON a.model_id = v.model_id AND a.version = v.version "
          + "WHERE m.name = :model AND a.alias = :alias")
  Optional<VersionRow> byAlias(@Bind("model") String model, @Bind("alias") String alias);

  @SqlQuery(
      "SELECT count(*) FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = :model")
  int count(@Bind("model") String model);

  /** An alias and the version it points at. */
  record Alias(int version, String alias) {}

  /** Every alias of the model, in alias order. */
  @SqlQuery(
      "SELECT a.version, a.alias FROM model_aliases a JOIN models m ON m.id = a.model_id "
          + "WHERE m.name = :model ORDER BY a.alias")
  @RegisterConstructorMapper(Alias.class)
  List<Alias> aliases(@Bind("model") String model);

  @SqlQuery(
      "SELECT a.alias FROM model_aliases a JOIN models m ON m.id = a.model_id "
          + "WHERE m.name = :model AND a.version = :version ORDER BY a.alias")
  List<String> aliasesOf(@Bind("model") String model, @Bind("version") int version);

  @SqlUpdate(
      """
      INSERT INTO model_aliases (model_id, alias, version) VALUES (:modelId, :alias, :version)
      ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version, updated_at = now()""")
  void setAlias(
      @Bind("modelId") long modelId, @Bind("alias") String alias, @Bind("version") int version);

  /** A version as its lineage shows it: the recorded lineage as JSON text (null when none). */
  record Recorded(
      String status,
      String format,
      String artifact,
      String source,
      String runId,
      String lineage,
      OffsetDateTime createdAt) {}

  @SqlQuery(
      "SELECT status, format, artifact, source, run_id, lineage::text AS lineage, created_at "
          + "FROM model_versions WHERE model_id = :modelId AND version = :version")
  @RegisterConstructorMapper(Recorded.class)
  Optional<Recorded> recorded(@Bind("modelId") long modelId, @Bind("version") int version);

  /**
   * The versions whose lineage names this dataset version as their training data, by model name and
   * version.
   */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM model_versions v JOIN models m ON m.id = v.model_id "
          + "WHERE v.lineage -> 'dataset' ->> 'name' = :name AND v.lineage -> 'dataset' ->> 'version' = :version "
          + "ORDER BY m.name, v.version")
  List<VersionRow> trainedOnDataset(@Bind("name") String dataset, @Bind("version") String version);

  /**
   * What a decision on a version needs: its model, status, Keel run (null when registered from
   * outside), author.
   */
  record Decidable(long modelId, String status, String runId, String createdBy) {}

  /** Locks the version's row for the rest of the transaction. */
  @SqlQuery(
      """
      SELECT v.model_id, v.status, v.run_id, v.created_by FROM model_versions v JOIN models m ON m.id = v.model_id
      WHERE m.name = :model AND v.version = :version FOR UPDATE OF v""")
  @RegisterConstructorMapper(Decidable.class)
  Optional<Decidable> lockDecidable(@Bind("model") String model, @Bind("version") int version);

  /** Who registered the version (null for a version Keel trained). */
  @SqlQuery(
      "SELECT created_by FROM model_versions WHERE model_id = :modelId AND version = :version")
  Optional<String> createdBy(@Bind("modelId") long modelId, @Bind("version") int version);

  /** How the version's artifact is stored ({@code keel}, {@code onnx}, {@code external}). */
  @SqlQuery(
      "SELECT v.format FROM model_versions v JOIN models m ON m.id = v.model_id "
          + "WHERE m.name = :model AND v.version = :version")
  Optional<String> format(@Bind("model") String model, @Bind("version") int version);

  /** A version and the dataset version it was trained on. */
  record TrainedOn(long modelId, String model, int version, String datasetVersion) {}

  /**
   * Every version trained on one of {@code datasetVersions} of {@code dataset}, by model and
   * version.
   */
  @SqlQuery(
      """
      SELECT v.model_id, m.name AS model, v.version, v.lineage -> 'dataset' ->> 'version' AS dataset_version
      FROM model_versions v JOIN models m ON m.id = v.model_id
      WHERE v.lineage -> 'dataset' ->> 'name' = :dataset
        AND v.lineage -> 'dataset' ->> 'version' = ANY(:versions)
      ORDER BY m.name, v.version""")
  @RegisterConstructorMapper(TrainedOn.class)
  List<TrainedOn> trainedOn(
      @Bind("dataset") String dataset, @Bind("versions") String[] datasetVersions);
}
