package dev.keel.engine.models;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.json.Json;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Registered models and their definitions. */
@RegisterConstructorMapper(ModelRow.class)
public interface ModelDao {

  /** Inserts a model; returns 0 when the name is taken. */
  @SqlUpdate("INSERT INTO models (name, task, definition) VALUES (:name, :task, CAST(:definition AS jsonb)) "
      + "ON CONFLICT (name) DO NOTHING")
  int insert(@Bind("name") String name, @Bind("task") String task,
      @Bind("definition") @Json ModelDefinition definition);

  @SqlQuery("SELECT id, name, task, definition, created_at FROM models WHERE name = :name")
  Optional<ModelRow> find(@Bind("name") String name);

  @SqlQuery("SELECT id, name, task, definition, created_at FROM models WHERE name = :name FOR UPDATE")
  Optional<ModelRow> lock(@Bind("name") String name);

  @SqlQuery("SELECT id, name, task, definition, created_at FROM models ORDER BY name")
  List<ModelRow> list();

  /** The models whose definition names {@code dataset} as the data they train on. */
  @SqlQuery("SELECT id, name, task, definition, created_at FROM models WHERE definition ->> 'dataset' = :dataset "
      + "ORDER BY name")
  List<ModelRow> trainedOn(@Bind("dataset") String dataset);

  /** A model whose definition names a subject column, and a dataset it trains or trained on. */
  record SubjectSource(String model, String subjectColumn, String dataset) {}

  /**
   * Models with a subject column and every dataset they train on (their definition's) or trained on (their runs'),
   * by dataset and model: where an erasure looks for a data subject's rows.
   */
  @SqlQuery("""
      SELECT m.name AS model, m.definition ->> 'subjectColumn' AS subject_column, d.name AS dataset
      FROM models m JOIN datasets d ON d.name = m.definition ->> 'dataset'
        OR d.name IN (SELECT r.dataset_name FROM runs r WHERE r.model_id = m.id)
      WHERE m.definition ->> 'subjectColumn' IS NOT NULL
      ORDER BY d.name, m.name""")
  @RegisterConstructorMapper(SubjectSource.class)
  List<SubjectSource> subjectSources();
}
