package dev.keel.engine.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.workflows.contract.VersionStatus;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The models package's DAOs on a real PostgreSQL: models, versions, their status and aliases. */
@Timeout(120)
class VersionDaoTest {

  private static RegistryFixture store;

  @BeforeAll
  static void store() {
    store = RegistryFixture.create();
  }

  @Test
  void aModelNameIsTakenOnceWhetherKeelOrMlflowRegistersIt() {
    ModelDao models = store.jdbi.onDemand(ModelDao.class);
    assertThat(models.insert("wine", "classification", RegistryFixture.definition("wine")))
        .isEqualTo(1);
    assertThat(models.insert("wine", "classification", RegistryFixture.definition("wine")))
        .isZero();
    assertThat(models.insertUntrained("wine", "from MLflow")).isZero();

    assertThat(models.insertUntrained("outside", "registered through MLflow")).isEqualTo(1);
    ModelRow outside = models.find("outside").orElseThrow();
    assertThat(outside.task()).isNull();
    assertThat(outside.definition().name()).isEqualTo("outside");
    assertThat(ModelService.trainable(outside)).isFalse();
    assertThat(store.jdbi.onDemand(RegistryDao.class).model("outside").orElseThrow().description())
        .isEqualTo("registered through MLflow");
    assertThat(models.find("wine").orElseThrow().definition())
        .isEqualTo(RegistryFixture.definition("wine"));
  }

  @Test
  void keelAndExternalVersionsAreNumberedInOneSequenceAndANumberIsTakenOnce() {
    long id = store.model("numbered");
    String run = store.run(id, "run-numbered-1", null);
    VersionDao versions = store.jdbi.onDemand(VersionDao.class);
    assertThat(versions.nextVersion(id)).isEqualTo(1);
    store.version(id, 1, run, VersionStatus.PASSED.name());
    assertThat(versions.nextVersion(id)).isEqualTo(2);
    versions.insertExternal(
        id,
        2,
        "runs:/abc/model",
        "abc",
        Map.of("rmse", 1.5),
        new Lineage(null, "abc", null, null, null, 0, null, null),
        VersionDao.REGISTERED,
        "an outside model",
        "bob",
        null);

    VersionRow trained = versions.find("numbered", 1).orElseThrow();
    assertThat(trained.runId()).isEqualTo(run);
    assertThat(trained.status()).isEqualTo("PASSED");
    assertThat(trained.metrics()).containsEntry("accuracy", 0.8);
    RegistryRows.VersionRow external =
        store.jdbi.onDemand(RegistryDao.class).version(id, 2).orElseThrow();
    assertThat(external.format()).isEqualTo("external");
    assertThat(external.source()).isEqualTo("runs:/abc/model");
    assertThat(external.mlflowRunId()).isEqualTo("abc");
    assertThat(external.createdBy()).isEqualTo("bob");
    assertThat(versions.list("numbered")).extracting(VersionRow::version).containsExactly(2, 1);
    assertThat(versions.first("numbered").orElseThrow().version()).isEqualTo(1);

    assertThatThrownBy(
            () ->
                versions.insertExternal(
                    id,
                    2,
                    "runs:/def/model",
                    "def",
                    Map.of(),
                    new Lineage(null, "def", null, null, null, 0, null, null),
                    VersionDao.REGISTERED,
                    null,
                    "bob",
                    null))
        .isInstanceOf(UnableToExecuteStatementException.class)
        .hasMessageContaining("duplicate key");
    assertThat(versions.count("numbered")).isEqualTo(2);
  }

  @Test
  void aDecisionMovesOnlyAPassedVersionAndIsFinal() {
    long id = store.model("decided");
    store.version(id, 1, store.run(id, "run-decided-1", null), VersionStatus.PASSED.name());
    store.version(id, 2, store.run(id, "run-decided-2", null), VersionStatus.REJECTED.name());
    VersionDao versions = store.jdbi.onDemand(VersionDao.class);

    assertThat(versions.decide(id, 1, true)).isEqualTo(1);
    assertThat(versions.find("decided", 1).orElseThrow().status()).isEqualTo("APPROVED");
    assertThat(versions.decide(id, 1, false)).isZero();
    assertThat(versions.find("decided", 1).orElseThrow().status()).isEqualTo("APPROVED");

    assertThat(versions.decide(id, 2, true)).isZero();
    assertThat(versions.find("decided", 2).orElseThrow().status()).isEqualTo("REJECTED");
    assertThat(versions.decide(id, 3, true)).isZero();
  }

  @Test
  void theChampionAliasPointsAtOneVersionAndMoves() {
    long id = store.model("aliased");
    store.version(id, 1, store.run(id, "run-aliased-1", null), VersionStatus.APPROVED.name());
    store.version(id, 2, store.run(id, "run-aliased-2", null), VersionStatus.APPROVED.name());
    VersionDao versions = store.jdbi.onDemand(VersionDao.class);

    versions.setAlias(id, ModelService.CHAMPION, 1);
    assertThat(versions.byAlias("aliased", ModelService.CHAMPION).orElseThrow().version())
        .isEqualTo(1);
    versions.setAlias(id, ModelService.CHAMPION, 2);
    assertThat(versions.byAlias("aliased", ModelService.CHAMPION).orElseThrow().version())
        .isEqualTo(2);
    assertThat(versions.aliasesOf("aliased", 1)).isEmpty();
    assertThat(versions.aliases("aliased"))
        .containsExactly(new VersionDao.Alias(2, ModelService.CHAMPION));

    assertThatThrownBy(() -> versions.setAlias(id, "staging", 9))
        .isInstanceOf(UnableToExecuteStatementException.class)
        .hasMessageContaining("foreign key");
    assertThat(versions.aliases("aliased")).hasSize(1);
  }

  @Test
  void importingAnExternalVersionMakesItServableOnce() {
    ModelDao models = store.jdbi.onDemand(ModelDao.class);
    models.insertUntrained("imported", null);
    long id = models.find("imported").orElseThrow().id();
    VersionDao versions = store.jdbi.onDemand(VersionDao.class);
    versions.insertExternal(
        id,
        1,
        "mlflow-artifacts:/m",
        null,
        Map.of(),
        new Lineage(null, null, null, null, null, 0, null, null),
        VersionDao.REGISTERED,
        null,
        "carol",
        null);

    assertThat(versions.importOnnx(id, 1, "sha256:onnx", "[]", "{}", "regression")).isTrue();
    VersionDao.Source imported = versions.source("imported", 1).orElseThrow();
    assertThat(imported.format()).isEqualTo("onnx");
    assertThat(imported.artifact()).isEqualTo("sha256:onnx");
    assertThat(imported.task()).isEqualTo("regression");
    assertThat(versions.find("imported", 1).orElseThrow().status()).isEqualTo("PASSED");

    assertThat(versions.importOnnx(id, 1, "sha256:other", "[]", "{}", "classification")).isFalse();
    assertThat(versions.source("imported", 1).orElseThrow().artifact()).isEqualTo("sha256:onnx");
    assertThat(models.find("imported").orElseThrow().task()).isEqualTo("regression");

    // whatever an outside registration called its status, an imported version has passed, and an
    // approved one stays so
    versions.insertExternal(
        id,
        2,
        "mlflow-artifacts:/m2",
        null,
        Map.of(),
        new Lineage(null, null, null, null, null, 0, null, null),
        "READY",
        null,
        "carol",
        null);
    versions.insertExternal(
        id,
        3,
        "mlflow-artifacts:/m3",
        null,
        Map.of(),
        new Lineage(null, null, null, null, null, 0, null, null),
        VersionStatus.APPROVED.name(),
        null,
        "carol",
        null);
    assertThat(versions.importOnnx(id, 2, "sha256:onnx2", "[]", "{}", "regression")).isTrue();
    assertThat(versions.importOnnx(id, 3, "sha256:onnx3", "[]", "{}", "regression")).isTrue();
    assertThat(
            List.of(
                versions.find("imported", 2).orElseThrow().status(),
                versions.find("imported", 3).orElseThrow().status()))
        .containsExactly("PASSED", "APPROVED");
  }
}
