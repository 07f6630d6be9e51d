package dev.keel.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.DaoDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ScheduleDao} on a real PostgreSQL: a definition's schedule never overwrites a changed one.
 */
class ScheduleDaoTest {

  Jdbi jdbi;
  ScheduleDao dao;

  @BeforeEach
  void database() {
    jdbi = DaoDatabase.migrated();
    dao = jdbi.onDemand(ScheduleDao.class);
    for (String name : new String[] {"churn", "price"}) {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO models (name, task, definition) VALUES (:name, 'regression', '{}')")
                  .bind("name", name)
                  .execute());
    }
  }

  @Test
  void theDefinitionsScheduleIsStoredOnceAndAChangeIsKept() {
    assertThat(dao.insertIfAbsent("churn", "0 3 * * 1", "skip", "UTC", "definition")).isEqualTo(1);
    assertThat(dao.upsert("churn", "@daily", "buffer", "Europe/Berlin", "alice"))
        .as("the model had a schedule")
        .isFalse();
    assertThat(dao.insertIfAbsent("churn", "0 3 * * 1", "skip", "UTC", "definition"))
        .as("registering the same definition again keeps alice's change")
        .isZero();

    ScheduleRow row = dao.find("churn").orElseThrow();
    assertThat(row.spec())
        .isEqualTo(
            new dev.keel.workflows.schedule.ScheduleSpec("@daily", "buffer", "Europe/Berlin"));
    assertThat(row.updatedBy()).isEqualTo("alice");
    assertThat(row.paused()).isFalse();
    assertThat(dao.find("price")).isEmpty();
    assertThat(dao.insertIfAbsent("nobody", "@daily", "skip", "UTC", "x"))
        .as("no schedule for a model that does not exist")
        .isZero();
  }

  @Test
  void pausedSurvivesARescheduleAndDeleteRemovesOnlyThatModel() {
    assertThat(dao.upsert("churn", "@daily", "skip", "UTC", "alice")).as("created").isTrue();
    dao.upsert("price", "@hourly", "skip", "UTC", "bob");
    assertThat(dao.setPaused("churn", true, "carol")).isEqualTo(1);
    dao.upsert("churn", "0 5 * * *", "skip", "UTC", "dave");
    assertThat(dao.find("churn").orElseThrow().paused()).isTrue();
    assertThat(dao.list()).extracting(ScheduleRow::model).containsExactly("churn", "price");

    assertThat(dao.delete("churn")).isEqualTo(1);
    assertThat(dao.list()).extracting(ScheduleRow::model).containsExactly("price");
    assertThat(dao.setPaused("churn", false, "x")).isZero();
  }
}
