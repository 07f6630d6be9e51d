package dev.keel.engine.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.TestStack;
import dev.keel.engine.db.Migrations;
import dev.keel.engine.runs.RunDao;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.StageRecord;
import dev.keel.workflows.contract.TrainerSpec;
import io.dropwizard.jackson.Jackson;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.jackson2.Jackson2Config;
import org.jdbi.v3.jackson2.Jackson2Plugin;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * A registry store for DAO tests: a new database on the test JVM's real PostgreSQL with every
 * migration applied, and JDBI configured as the engine configures it (SqlObject, PostgreSQL types,
 * JSON through Jackson). No application.
 */
public final class RegistryFixture {

  public static final ObjectMapper JSON = Jackson.newObjectMapper();

  public final Jdbi jdbi;

  private RegistryFixture(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A migrated, empty store of its own. */
  public static RegistryFixture create() {
    Jdbi jdbi =
        Jdbi.create(TestStack.get().newDatabase(), "postgres", "")
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin())
            .installPlugin(new Jackson2Plugin());
    jdbi.getConfig(Jackson2Config.class).setMapper(JSON);
    Migrations.migrate(jdbi);
    return new RegistryFixture(jdbi);
  }

  /** A classification model definition (defaults filled in) named {@code name}. */
  public static ModelDefinition definition(String name) {
    try {
      return JSON.readValue(
              "{\"name\": \""
                  + name
                  + "\", \"task\": \"classification\", \"target\": \"quality\", "
                  + "\"trainer\": {\"algorithm\": \"logistic\"}}",
              ModelDefinition.class)
          .withDefaults();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ModelSpec spec() {
    return new ModelSpec(
        ModelSpec.CLASSIFICATION,
        "quality",
        null,
        null,
        List.of(),
        new TrainerSpec("logistic", Map.of()),
        List.of(),
        null,
        0.2,
        42,
        false,
        null);
  }

  /** Registers a Keel-trained model; returns its id. */
  public long model(String name) {
    return jdbi.withExtension(
        ModelDao.class,
        dao -> {
          dao.insert(name, ModelSpec.CLASSIFICATION, definition(name));
          return dao.find(name).orElseThrow().id();
        });
  }

  /** Records a running training run of the model on {@code wine@v1}. */
  public String run(long modelId, String runId, String requestKey) {
    return jdbi.withExtension(
            RunDao.class,
            dao ->
                dao.insert(
                    runId,
                    modelId,
                    requestKey,
                    "TrainingPipeline",
                    "wine",
                    "sha256:v1",
                    spec(),
                    "alice",
                    List.of(new StageRecord("train", StageRecord.PENDING, null, null, 0, null))))
        .orElseThrow();
  }

  /**
   * Registers version {@code version} of the model, trained by {@code runId}, with {@code status}.
   */
  public void version(long modelId, int version, String runId, String status) {
    jdbi.useExtension(
        VersionDao.class,
        dao ->
            dao.insert(
                modelId,
                version,
                runId,
                "sha256:artifact" + version,
                List.of(),
                Map.of("accuracy", 0.8),
                List.of(),
                new Lineage(null, runId, "TrainingPipeline", "logistic", Map.of(), 42, null, null),
                status));
  }
}
