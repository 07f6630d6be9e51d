package dev.keel.engine.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.DaoDatabase;
import dev.keel.engine.webhooks.WebhookDao.DeliveryRow;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link WebhookDao} against a real, migrated PostgreSQL. */
class WebhookDaoTest {

  static Jdbi jdbi;
  static WebhookDao dao;

  @BeforeAll
  static void migrate() {
    jdbi = DaoDatabase.migrated();
    dao = jdbi.onDemand(WebhookDao.class);
  }

  @Test
  void aWebhookIsStoredListedAndFound() {
    dao.insert(
        "wh-a", "https://hooks.example/a", "run.failed,deployment.done", "plain:x", null, "ada");
    WebhookDao.WebhookRow row = dao.find("wh-a").orElseThrow();
    assertThat(row.url()).isEqualTo("https://hooks.example/a");
    assertThat(row.eventList()).containsExactly("run.failed", "deployment.done");
    assertThat(row.subscribes("run.failed")).isTrue();
    assertThat(row.subscribes("drift.detected")).isFalse();
    assertThat(row.createdBy()).isEqualTo("ada");
    assertThat(row.createdAt()).isNotNull();
    assertThat(dao.list()).extracting(WebhookDao.WebhookRow::id).contains("wh-a");
    assertThat(dao.find("wh-none")).isEmpty();
  }

  @Test
  void anyEventSubscribesToEverything() {
    dao.insert("wh-any", "https://hooks.example/any", "*", "plain:x", "all", "ada");
    assertThat(dao.find("wh-any").orElseThrow().subscribes("canary.promoted")).isTrue();
  }

  @Test
  void aDeliveryIsAddedOnceAndItsAttemptsAreCountedUntilItEnds() {
    dao.insert("wh-d", "https://hooks.example/d", "*", "plain:x", null, "ada");
    assertThat(dao.insertDelivery("d-1", "wh-d", "e-1", "run.failed", "m", "{\"a\":1}"))
        .isEqualTo(1);
    assertThat(dao.insertDelivery("d-1", "wh-d", "e-1", "run.failed", "m", "{\"a\":2}")).isZero();
    DeliveryRow fresh = dao.delivery("d-1").orElseThrow();
    assertThat(fresh.body()).isEqualTo("{\"a\":1}");
    assertThat(fresh.status()).isEqualTo("pending");
    assertThat(fresh.attempts()).isZero();

    assertThat(dao.recordAttempt("d-1", 500, "HTTP 500", "pending")).isEqualTo(1);
    assertThat(dao.recordAttempt("d-1", null, "timeout", "pending")).isEqualTo(1);
    assertThat(dao.recordAttempt("d-1", 200, null, "delivered")).isEqualTo(1);
    // a repeated attempt after the delivery ended changes nothing
    assertThat(dao.recordAttempt("d-1", 500, "late", "pending")).isZero();

    DeliveryRow done = dao.delivery("d-1").orElseThrow();
    assertThat(done.status()).isEqualTo("delivered");
    assertThat(done.attempts()).isEqualTo(3);
    assertThat(done.lastStatusCode()).isEqualTo(200);
    assertThat(done.lastError()).isNull();
    assertThat(done.deliveredAt()).isNotNull();
    assertThat(done.lastAttemptAt()).isNotNull();
    assertThat(dao.deliveries("wh-d", 10)).extracting(DeliveryRow::id).containsExactly("d-1");
  }

  @Test
  void deletingAWebhookDeletesItsDeliveryLog() {
    dao.insert("wh-x", "https://hooks.example/x", "*", "plain:x", null, "ada");
    dao.insertDelivery("d-x1", "wh-x", "e-1", "ping", null, "{}");
    dao.insertDelivery("d-x2", "wh-x", "e-2", "ping", null, "{}");
    assertThat(dao.deliveries("wh-x", 1)).hasSize(1);
    assertThat(dao.delete("wh-x")).isEqualTo(1);
    assertThat(dao.delete("wh-x")).isZero();
    assertThat(dao.delivery("d-x1")).isEmpty();
    assertThat(dao.deliveries("wh-x", 10)).isEqualTo(List.of());
  }
}
