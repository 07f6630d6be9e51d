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
}
