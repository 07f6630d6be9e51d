package dev.keel.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.engine.DaoDatabase;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PredictionLogDao} on a real PostgreSQL: logged predictions, their feedback, retention and
 * erasure.
 */
class PredictionLogDaoTest {

  Jdbi jdbi;
  PredictionLogDao dao;
  long churn;
  long price;
  final long now = System.currentTimeMillis();

  @BeforeEach
  void database() {
    jdbi = DaoDatabase.migrated();
    dao = jdbi.onDemand(PredictionLogDao.class);
    churn = model("churn", "classification");
    price = model("price", "regression");
  }

  @Test
  void aBatchIsWrittenInOneStatementAndWritingItAgainAddsNothing() {
    UUID[] ids = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
    Long[] models = {churn, churn, price};
    Integer[] versions = {1, 2, 1};
    String[] inputs = {"{\"customer\": \"a\"}", "{\"customer\": \"b\"}", "{\"rooms\": 3}"};
    String[] outputs = {"{\"label\": \"yes\"}", "{\"label\": \"no\"}", "{\"value\": 210.5}"};
    Long[] times = {now - 2_000, now - 1_000, now};

    assertThat(dao.insert(ids, models, versions, inputs, outputs, times)).isEqualTo(3);
    assertThat(dao.insert(ids, models, versions, inputs, outputs, times))
        .as("a retried batch")
        .isZero();

    assertThat(dao.recentInputs(churn, 10))
        .as("newest first")
        .containsExactly("{\"customer\": \"b\"}", "{\"customer\": \"a\"}");
    assertThat(dao.recentInputs(churn, 1)).containsExactly("{\"customer\": \"b\"}");
    assertThat(dao.version(ids[1], churn)).contains(2);
    assertThat(dao.version(ids[2], churn)).as("another model's prediction").isEmpty();
    assertThat(dao.version(UUID.randomUUID(), churn)).isEmpty();
  }

  @Test
  void feedbackIsRecordedOnceAndComparedWithWhatWasPredicted() {
    UUID right = log(churn, 1, "{\"label\": \"yes\"}", now);
    UUID wrong = log(churn, 1, "{\"label\": \"no\"}", now);
    UUID other = log(churn, 2, "{\"label\": \"no\"}", now);

    assertThat(dao.insertFeedback(right, churn, "yes", null)).isEqualTo(1);
    assertThat(dao.insertFeedback(wrong, churn, "yes", null)).isEqualTo(1);
    assertThat(dao.insertFeedback(other, churn, "no", null)).isEqualTo(1);
    assertThat(dao.insertFeedback(right, churn, "no", null)).as("feedback is given once").isZero();
    assertThat(dao.insertFeedback(UUID.randomUUID(), churn, "yes", null))
        .as("not a logged prediction")
        .isZero();
    assertThat(dao.insertFeedback(right, price, "yes", null))
        .as("not this model's prediction")
        .isZero();

    assertThat(dao.sameFeedback(right, "yes", null)).isTrue();
    assertThat(dao.sameFeedback(right, "no", null)).isFalse();

    PredictionLogDao.QualityRow v1 = dao.quality(churn, 1, -1, 100);
    assertThat(v1.n()).isEqualTo(2);
    assertThat(v1.accuracy()).isEqualTo(0.5);
    assertThat(dao.quality(churn, 2, -1, 100).accuracy()).isEqualTo(1.0);
    assertThat(dao.quality(churn, 3, -1, 100).n()).as("a version without feedback").isZero();
    assertThat(dao.quality(churn, 1, -1, 1).n())
        .as("only the latest rows of the window")
        .isEqualTo(1);
  }

  @Test
  void regressionQualityIsRmseAndMae() {
    UUID a = log(price, 1, "{\"value\": 10.0}", now);
    UUID b = log(price, 1, "{\"value\": 20.0}", now);
    dao.insertFeedback(a, price, null, 13.0);
    dao.insertFeedback(b, price, null, 16.0);

    assertThat(dao.sameFeedback(a, null, 13.0)).isTrue();
    assertThat(dao.sameFeedback(a, null, 13.5)).isFalse();
    PredictionLogDao.QualityRow q = dao.quality(price, 1, -1, 100);
    assertThat(q.n()).isEqualTo(2);
    assertThat(q.mae()).isCloseTo(3.5, within(1e-9));
    assertThat(q.rmse()).isCloseTo(Math.sqrt((9 + 16) / 2.0), within(1e-9));
  }

  @Test
  void retentionDeletesOldPredictionsInChunksWithTheirFeedback() {
    long old = now - 40L * 24 * 3600 * 1000;
    for (int i = 0; i < 5; i++) {
      UUID id = log(churn, 1, "{\"label\": \"yes\"}", old);
      dao.insertFeedback(id, churn, "yes", null);
    }
    UUID recent = log(churn, 1, "{\"label\": \"yes\"}", now);

    assertThat(dao.deleteExpired(30, 2)).isEqualTo(2);
    assertThat(dao.deleteExpired(30, 10)).isEqualTo(3);
    assertThat(dao.deleteExpired(30, 10)).isZero();
    assertThat(dao.version(recent, churn)).as("a recent prediction stays").contains(1);
    assertThat(dao.quality(churn, 1, -1, 100).n())
        .as("the old predictions' feedback went with them")
        .isZero();
  }

  @Test
  void anErasureDeletesOnlyTheSubjectsPredictionsOfTheNamedModels() {
    UUID mine = log(churn, 1, "{\"customer\": \"c-42\"}", now, "{\"label\": \"yes\"}");
    UUID theirs = log(churn, 1, "{\"customer\": \"c-7\"}", now, "{\"label\": \"yes\"}");
    UUID otherModel = log(price, 1, "{\"customer\": \"c-42\"}", now, "{\"value\": 1}");

    assertThat(dao.deleteSubject(new String[] {"churn"}, "customer", "c-42")).isEqualTo(1);
    assertThat(dao.version(mine, churn)).isEmpty();
    assertThat(dao.version(theirs, churn)).isPresent();
    assertThat(dao.version(otherModel, price)).as("a model not named keeps its log").isPresent();
    assertThat(dao.deleteSubject(new String[] {"churn", "price"}, "customer", "c-42")).isEqualTo(1);
  }

  private UUID log(long model, int version, String output, long at) {
    return log(model, version, "{}", at, output);
  }

  private UUID log(long model, int version, String inputs, long at, String output) {
    UUID id = UUID.randomUUID();
    dao.insert(
        new UUID[] {id},
        new Long[] {model},
        new Integer[] {version},
        new String[] {inputs},
        new String[] {output},
        new Long[] {at});
    return id;
  }

  private long model(String name, String task) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "INSERT INTO models (name, task, definition) "
                        + "VALUES (:name, :task, '{}') RETURNING id")
                .bind("name", name)
                .bind("task", task)
                .mapTo(Long.class)
                .one());
  }
}
