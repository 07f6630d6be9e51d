package dev.keel.engine.models;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.json.Json;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Registered models and their definitions: the one writer of {@code models}. */
@RegisterConstructorMapper(ModelRow.class)
public interface ModelDao {

  /**
   * Inserts a model; returns 0 when the name is taken. Without a definition (a model registered
   * through the MLflow API: no task either) the stored definition only names the model.
   */
  @SqlUpdate(
      """
      INSERT INTO models (name, task, definition, description)
      VALUES (:name, :task, coalesce(CAST(:definition AS jsonb), jsonb_build_object('name', CAST(:name AS text))),
              :description)
      ON CONFLICT (name) DO NOTHING""")
  int insert(
      @Bind("name") String name,
      @Bind("task") String task,
      @Bind("definition") @Json ModelDefinition definition,
      @Bind("description") String description);

  /** Inserts a model Keel trains; returns 0 when the name is taken. */
  default int insert(String name, String task, ModelDefinition definition) {
    return insert(name, task, definition, null);
  }

  /**
   * Inserts a model registered through the MLflow API (no task, no training definition); 0 when the
   * name is taken.
   */
  default int insertUntrained(String name, String description) {
    return insert(name, null, null, description);
  }

  @SqlQuery("SELECT id, name, task, definition, created_at FROM models WHERE name = :name")
  Optional<ModelRow> find(@Bind("name") String name);

  @SqlQuery(
      "SELECT id, name, task, definition, created_at FROM models WHERE name = :name FOR UPDATE")
  Optional<ModelRow> lock(@Bind("name") String name);

  @SqlQuery("SELECT id, name, task, definition, created_at FROM models ORDER BY name")
  List<ModelRow> list();

  /** The models whose definition names {@code dataset} as the data they train on. */
  @SqlQuery(
      "SELECT id, name, task, definition, created_at FROM models WHERE definition ->> 'dataset' = :dataset "
          + "ORDER BY name")
  List<ModelRow> trainedOn(@Bind("dataset") String dataset);

  /**
   * Gives a model without a task (registered through MLflow) the task of its first imported
   * version.
   */
  @SqlUpdate("UPDATE models SET task = :task WHERE id = :modelId AND task IS NULL")
  int setTaskIfUnset(@Bind("modelId") long modelId, @Bind("task") String task);

  /** A model whose definition names a subject column, and a dataset it trains or trained on. */
  record SubjectSource(String model, String subjectColumn, String dataset) {}

  /**
   * Models with a subject column and every dataset they train on (their definition's) or trained on
   * (their runs'), by dataset and model: where an erasure looks for a data subject's rows.
   */
  @SqlQuery(
      """
      SELECT m.name AS model, m.definition ->> 'subjectColumn' AS subject_column, d.name AS dataset
      FROM models m JOIN datasets d ON d.name = m.definition ->> 'dataset'
        OR d.name IN (SELECT r.dataset_name FROM runs r WHERE r.model_id = m.id)
      WHERE m.definition ->> 'subjectColumn' IS NOT NULL
      ORDER BY d.name, m.name""")
  @RegisterConstructorMapper(SubjectSource.class)
  List<SubjectSource> subjectSources();
}
