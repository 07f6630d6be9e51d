package dev.keel.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.DaoDatabase;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** {@link ShadowDao} on a real PostgreSQL: shadow scores expire with the retention period. */
class ShadowDaoTest {

  @Test
  void shadowScoresOlderThanTheRetentionPeriodAreDeletedInChunks() {
    Jdbi jdbi = DaoDatabase.migrated();
    long model =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "INSERT INTO models (name, task, definition) VALUES ('wine', 'classification',"
                            + " '{}') RETURNING id")
                    .mapTo(Long.class)
                    .one());
    ShadowDao dao = jdbi.onDemand(ShadowDao.class);
    List<UUID> ids =
        List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    dao.insert(
        model,
        2,
        ids,
        1,
        List.of("1", "0", "1", "1"),
        java.util.Arrays.asList(null, null, null, null),
        List.of(true, false, true, true),
        1.5,
        1.2);
    // three of them were scored 40 days ago
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE shadow_predictions SET created_at = now() - interval '40 days'"
                        + " WHERE champion_prediction_id <> :kept")
                .bind("kept", ids.get(3))
                .execute());

    assertThat(dao.deleteExpired(30, 2)).isEqualTo(2);
    assertThat(dao.deleteExpired(30, 10)).isEqualTo(1);
    assertThat(dao.deleteExpired(30, 10)).isZero();
    int left =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM shadow_predictions")
                    .mapTo(Integer.class)
                    .one());
    assertThat(left).as("the recent one stays").isEqualTo(1);
  }
}
