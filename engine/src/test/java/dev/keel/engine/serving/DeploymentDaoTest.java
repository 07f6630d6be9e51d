package dev.keel.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.DaoDatabase;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DeploymentDao} on a real PostgreSQL: what a model serves, its history, and what serving
 * loads.
 */
class DeploymentDaoTest {

  Jdbi jdbi;
  DeploymentDao dao;
  long churn;
  long price;

  @BeforeEach
  void database() {
    jdbi = DaoDatabase.migrated();
    dao = jdbi.onDemand(DeploymentDao.class);
    churn = model("churn", "classification", "{\"subjectColumn\": \"customer\"}");
    price = model("price", "regression", "{}");
    for (int v = 1; v <= 3; v++) {
      version(churn, v, "sha256:churn-v" + v, "keel");
    }
    version(price, 1, "sha256:price-v1", "onnx");
  }

  @Test
  void aModelServesNothingUntilDeployedThenWhatWasSetLast() {
    assertThat(dao.state(churn)).isEmpty();

    dao.setState(churn, 1, null, 0);
    StateRow first = dao.state(churn).orElseThrow();
    assertThat(first.model()).isEqualTo("churn");
    assertThat(first.version()).isEqualTo(1);
    assertThat(first.canaryVersion()).isNull();

    dao.setState(churn, 1, 2, 0.25);
    StateRow canary = dao.state(churn).orElseThrow();
    assertThat(canary.version()).isEqualTo(1);
    assertThat(canary.canaryVersion()).isEqualTo(2);
    assertThat(canary.canaryShare()).isEqualTo(0.25);
    assertThat(canary.generation())
        .as("every change is a new generation")
        .isGreaterThan(first.generation());
    assertThat(dao.state(price)).as("another model's state is its own").isEmpty();
  }

  @Test
  void servingAVersionTheModelDoesNotHaveIsRefused() {
    assertThatThrownBy(() -> dao.setState(churn, 9, null, 0))
        .isInstanceOf(UnableToExecuteStatementException.class)
        .hasMessageContaining("foreign key");
    assertThat(dao.state(churn)).isEmpty();
  }

  @Test
  void historyIsNewestFirstWithWhoAndWhy() {
    dao.record(churn, 1, DeploymentRow.DEPLOY, null, 0, "alice", "first release");
    dao.record(churn, 1, DeploymentRow.CANARY_START, 2, 0.1, "bob", null);
    dao.record(churn, 2, DeploymentRow.CANARY_PROMOTE, null, 0, "bob", null);

    List<DeploymentRow> history = dao.history(churn);
    assertThat(history)
        .extracting(DeploymentRow::kind)
        .containsExactly(
            DeploymentRow.CANARY_PROMOTE, DeploymentRow.CANARY_START, DeploymentRow.DEPLOY);
    assertThat(history.get(2).actor()).isEqualTo("alice");
    assertThat(history.get(2).reason()).isEqualTo("first release");
    assertThat(history.get(1).canaryVersion()).isEqualTo(2);
    assertThat(dao.history(price)).isEmpty();
  }

  @Test
  void aVersionWasServedBeforeOnlyWhenItWasChampion() {
    dao.record(churn, 1, DeploymentRow.DEPLOY, null, 0, "alice", null);
    dao.record(churn, 1, DeploymentRow.CANARY_START, 2, 0.1, "alice", null);
    dao.record(churn, 1, DeploymentRow.CANARY_ABORT, null, 0, "alice", "errors");

    assertThat(dao.servedBefore("churn", 1)).isTrue();
    assertThat(dao.servedBefore("churn", 2)).as("a canary that never became champion").isFalse();
    assertThat(dao.servedBefore("price", 1)).isFalse();

    dao.record(churn, 3, DeploymentRow.ROLLBACK, null, 0, "alice", null);
    assertThat(dao.servedBefore("churn", 3)).as("a rollback target is served").isTrue();
  }

  @Test
  void servingLoadsWhatChangedSinceTheGenerationItServes() {
    assertThat(dao.latestGeneration()).isZero();
    assertThat(dao.changedSince(0)).isEmpty();

    dao.setState(churn, 1, 3, 0.2);
    dao.setState(price, 1, null, 0);
    long latest = dao.latestGeneration();

    List<ServingRegistry.ChangedRow> all = dao.changedSince(0);
    assertThat(all)
        .extracting(ServingRegistry.ChangedRow::model)
        .containsExactlyInAnyOrder("churn", "price");
    ServingRegistry.ChangedRow c =
        all.stream().filter(r -> r.model().equals("churn")).findFirst().orElseThrow();
    assertThat(c.task()).isEqualTo("classification");
    assertThat(c.subjectColumn()).isEqualTo("customer");
    assertThat(c.artifact()).isEqualTo("sha256:churn-v1");
    assertThat(c.format()).isEqualTo("keel");
    assertThat(c.canaryVersion()).isEqualTo(3);
    assertThat(c.canaryArtifact()).isEqualTo("sha256:churn-v3");
    assertThat(c.canaryShare()).isEqualTo(0.2);
    ServingRegistry.ChangedRow p =
        all.stream().filter(r -> r.model().equals("price")).findFirst().orElseThrow();
    assertThat(p.format()).isEqualTo("onnx");
    assertThat(p.canaryArtifact()).isNull();
    assertThat(p.subjectColumn()).isNull();

    assertThat(dao.changedSince(latest))
        .as("nothing changed since the newest generation")
        .isEmpty();
    dao.setState(churn, 2, null, 0);
    assertThat(dao.changedSince(latest))
        .singleElement()
        .satisfies(r -> assertThat(r.artifact()).isEqualTo("sha256:churn-v2"));
    assertThat(dao.latestGeneration()).isGreaterThan(latest);
  }

  private long model(String name, String task, String definition) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "INSERT INTO models (name, task, definition) "
                        + "VALUES (:name, :task, CAST(:definition AS jsonb)) RETURNING id")
                .bind("name", name)
                .bind("task", task)
                .bind("definition", definition)
                .mapTo(Long.class)
                .one());
  }

  private void version(long model, int version, String artifact, String format) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO model_versions (model_id, version, artifact, signature, metrics, "
                        + "gates, lineage, status, format) VALUES (:m, :v, :a, '[]', '{}', '[]', '{}', 'APPROVED', :f)")
                .bind("m", model)
                .bind("v", version)
                .bind("a", artifact)
                .bind("f", format)
                .execute());
  }
}
