package dev.keel.engine.webhooks;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Webhooks ({@code webhooks}) and their delivery log ({@code webhook_deliveries}). */
@RegisterConstructorMapper(WebhookDao.WebhookRow.class)
@RegisterConstructorMapper(WebhookDao.DeliveryRow.class)
public interface WebhookDao {

  /**
   * A webhook; {@code events} comma-separated, {@code secret} as {@link WebhookSecrets} stores it.
   */
  record WebhookRow(
      String id,
      String url,
      String events,
      String secret,
      String description,
      String createdBy,
      OffsetDateTime createdAt) {

    List<String> eventList() {
      return List.of(events.split(","));
    }

    boolean subscribes(String event) {
      return eventList().contains(event) || eventList().contains(WebhookEvents.ANY);
    }
  }

  /** One delivery of one event to one webhook, with its latest attempt. */
  record DeliveryRow(
      String id,
      String webhookId,
      String eventId,
      String event,
      String model,
      String body,
      String status,
      int attempts,
      Integer lastStatusCode,
      String lastError,
      OffsetDateTime createdAt,
      OffsetDateTime lastAttemptAt,
      OffsetDateTime deliveredAt) {}

  String PENDING = "pending";
  String DELIVERED = "delivered";
  String FAILED = "failed";

  @SqlUpdate(
      "INSERT INTO webhooks (id, url, events, secret, description, created_by) "
          + "VALUES (:id, :url, :events, :secret, :description, :createdBy)")
  void insert(
      @Bind("id") String id,
      @Bind("url") String url,
      @Bind("events") String events,
      @Bind("secret") String secret,
      @Bind("description") String description,
      @Bind("createdBy") String createdBy);

  @SqlQuery("SELECT * FROM webhooks ORDER BY created_at, id")
  List<WebhookRow> list();

  @SqlQuery("SELECT * FROM webhooks WHERE id = :id")
  Optional<WebhookRow> find(@Bind("id") String id);

  /** Deletes the webhook and its delivery log; 0 when there is none. */
  @SqlUpdate("DELETE FROM webhooks WHERE id = :id")
  int delete(@Bind("id") String id);

  /** Adds a delivery as {@code pending}; 0 when it exists (the event was published before). */
  @SqlUpdate(
      "INSERT INTO webhook_deliveries (id, webhook_id, event_id, event, model, body, status) "
          + "VALUES (:id, :webhookId, :eventId, :event, :model, :body, 'pending') "
          + "ON CONFLICT (id) DO NOTHING")
  int insertDelivery(
      @Bind("id") String id,
      @Bind("webhookId") String webhookId,
      @Bind("eventId") String eventId,
      @Bind("event") String event,
      @Bind("model") String model,
      @Bind("body") String body);

  @SqlQuery("SELECT * FROM webhook_deliveries WHERE id = :id")
  Optional<DeliveryRow> delivery(@Bind("id") String id);

  /** A webhook's deliveries, newest first. */
  @SqlQuery(
      "SELECT * FROM webhook_deliveries WHERE webhook_id = :webhookId "
          + "ORDER BY created_at DESC, id LIMIT :limit")
  List<DeliveryRow> deliveries(@Bind("webhookId") String webhookId, @Bind("limit") int limit);

  /**
   * Records an attempt of a pending delivery: its status code (null without an answer), error and
   * the delivery's new status; 0 when the delivery is no longer pending (a repeated attempt).
   */
  @SqlUpdate(
      """
      UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = :code, last_error = :error,
        status = :status, last_attempt_at = now(),
        delivered_at = CASE WHEN :status = 'delivered' THEN now() ELSE delivered_at END
      WHERE id = :id AND status = 'pending'""")
  int recordAttempt(
      @Bind("id") String id,
      @Bind("code") Integer statusCode,
      @Bind("error") String error,
      @Bind("status") String status);
}
