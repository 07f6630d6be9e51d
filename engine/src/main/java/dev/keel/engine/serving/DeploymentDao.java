package dev.keel.engine.serving;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Serving state and deployment history. */
@RegisterConstructorMapper(StateRow.class)
@RegisterConstructorMapper(DeploymentRow.class)
public interface DeploymentDao {

  String STATE =
      "s.model_id, m.name AS model, s.version, s.canary_version, s.canary_share, s.generation, "
          + "s.updated_at, s.shadow_version, s.shadow_share FROM serving_state s JOIN models m ON m.id = s.model_id";

  @SqlQuery("SELECT " + STATE + " WHERE s.model_id = :modelId")
  Optional<StateRow> state(@Bind("modelId") long modelId);

  @SqlUpdate(
      """
      INSERT INTO serving_state (model_id, version, canary_version, canary_share, generation)
      VALUES (:modelId, :version, :canaryVersion, :canaryShare, nextval('serving_generation'))
      ON CONFLICT (model_id) DO UPDATE SET version = excluded.version, canary_version = excluded.canary_version,
        canary_share = excluded.canary_share, generation = excluded.generation, updated_at = now()""")
  void setState(
      @Bind("modelId") long modelId,
      @Bind("version") int version,
      @Bind("canaryVersion") Integer canaryVersion,
      @Bind("canaryShare") double canaryShare);

  /** Sets or clears the model's shadow version, with a new generation. */
  @SqlUpdate(
      """
      UPDATE serving_state SET shadow_version = :shadowVersion, shadow_share = :shadowShare,
        generation = nextval('serving_generation'), updated_at = now() WHERE model_id = :modelId""")
  void setShadow(
      @Bind("modelId") long modelId,
      @Bind("shadowVersion") Integer shadowVersion,
      @Bind("shadowShare") double shadowShare);

  @SqlUpdate(
      """
      INSERT INTO deployments (model_id, version, kind, canary_version, canary_share, actor, reason)
      VALUES (:modelId, :version, :kind, :canaryVersion, :canaryShare, :actor, :reason)""")
  void record(
      @Bind("modelId") long modelId,
      @Bind("version") int version,
      @Bind("kind") String kind,
      @Bind("canaryVersion") Integer canaryVersion,
      @Bind("canaryShare") double canaryShare,
      @Bind("actor") String actor,
      @Bind("reason") String reason);

  /** History of a model, newest first. */
  @SqlQuery(
      """
      SELECT d.id, m.name AS model, d.version, d.kind, d.canary_version, d.canary_share, d.actor, d.reason,
             d.created_at
      FROM deployments d JOIN models m ON m.id = d.model_id WHERE d.model_id = :modelId ORDER BY d.id DESC""")
  List<DeploymentRow> history(@Bind("modelId") long modelId);

  /**
   * Whether the model ever served the version as champion (returning to it is a rollback, needing
   * no approval).
   */
  @SqlQuery(
      """
      SELECT EXISTS (SELECT 1 FROM deployments d JOIN models m ON m.id = d.model_id
                     WHERE m.name = :model AND d.version = :version
                       AND d.kind IN ('deploy', 'rollback', 'canary-promote'))""")
  boolean servedBefore(@Bind("model") String model, @Bind("version") int version);

  /** The newest generation of any model's serving state; 0 before the first deployment. */
  @SqlQuery("SELECT coalesce(max(generation), 0) FROM serving_state")
  long latestGeneration();

  /**
   * Every model's serving state changed after generation {@code seen}, with what serving loads of
   * its versions.
   */
  @SqlQuery(
      """
      SELECT s.model_id, m.name AS model, m.task, m.definition ->> 'subjectColumn' AS subject_column, s.version,
             s.canary_version, s.canary_share, s.generation,
             v.artifact, v.signature::text AS signature, v.format, v.onnx_spec::text AS onnx_spec,
             c.artifact AS canary_artifact, c.signature::text AS canary_signature, c.format AS canary_format,
             c.onnx_spec::text AS canary_onnx_spec,
             s.shadow_version, s.shadow_share, w.artifact AS shadow_artifact,
             w.signature::text AS shadow_signature, w.format AS shadow_format,
             w.onnx_spec::text AS shadow_onnx_spec
      FROM serving_state s JOIN models m ON m.id = s.model_id
      JOIN model_versions v ON v.model_id = s.model_id AND v.version = s.version
      LEFT JOIN model_versions c ON c.model_id = s.model_id AND c.version = s.canary_version
      LEFT JOIN model_versions w ON w.model_id = s.model_id AND w.version = s.shadow_version
      WHERE s.generation > :seen""")
  @RegisterConstructorMapper(ServingRegistry.ChangedRow.class)
  List<ServingRegistry.ChangedRow> changedSince(@Bind("seen") long seen);
}
