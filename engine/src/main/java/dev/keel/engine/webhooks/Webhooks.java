package dev.keel.engine.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.api.OutboundUrls;
import dev.keel.engine.audit.AuditLog;
import dev.keel.engine.config.WebhookSettings;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.webhooks.WebhookDao.DeliveryRow;
import dev.keel.engine.webhooks.WebhookDao.WebhookRow;
import dev.keel.workflows.webhooks.DeliveryRequest;
import dev.keel.workflows.webhooks.WebhookDelivery;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Webhooks: their registration (checked against the engine's rules for outbound URLs, audited), and
 * the publishing of events to them. An event becomes one row per subscribed webhook in the delivery
 * log, with an id derived from the event and the webhook, and one {@link WebhookDelivery} workflow
 * with that id, so publishing the same event again (a retried activity) delivers nothing twice.
 */
public final class Webhooks implements WebhookPublisher {

  /** Body of {@code POST /v1/webhooks}. */
  public record NewWebhook(String url, List<String> events, String secret, String description) {}

  /** A webhook as the API shows it: never its secret. */
  public record WebhookView(
      String id,
      String url,
      List<String> events,
      String description,
      String createdBy,
      java.time.OffsetDateTime createdAt,
      boolean secretEncrypted) {}

  /** A delivery as the API shows it. */
  public record DeliveryView(
      String id,
      String event,
      String eventId,
      String model,
      String status,
      int attempts,
      Integer lastStatusCode,
      String lastError,
      java.time.OffsetDateTime createdAt,
      java.time.OffsetDateTime lastAttemptAt,
      java.time.OffsetDateTime deliveredAt) {

    static DeliveryView of(DeliveryRow r) {
      return new DeliveryView(
          r.id(),
          r.event(),
          r.eventId(),
          r.model(),
          r.status(),
          r.attempts(),
          r.lastStatusCode(),
          r.lastError(),
          r.createdAt(),
          r.lastAttemptAt(),
          r.deliveredAt());
    }
  }

  static final int MAX_SECRET = 1_000;
  static final int MAX_DESCRIPTION = 1_000;

  private final Jdbi jdbi;
  private final WorkflowClient client;
  private final String pipelineQueue;
  private final ObjectMapper json;
  private final WebhookSecrets secrets;
  private final OutboundUrls urls;
  private final WebhookSettings settings;

  Webhooks(
      Jdbi jdbi,
      WorkflowClient client,
      String pipelineQueue,
      ObjectMapper json,
      WebhookSecrets secrets,
      OutboundUrls urls,
      WebhookSettings settings) {
    this.jdbi = jdbi;
    this.client = client;
    this.pipelineQueue = pipelineQueue;
    this.json = json;
    this.secrets = secrets;
    this.urls = urls;
    this.settings = settings;
  }

  /** Registers a webhook; 400 naming the field for a bad URL, event list or secret. */
  public WebhookView create(NewWebhook body, String actor) {
    if (body == null) {
      throw new InvalidInput(
          "request body is required: {\"url\": \"https://...\", \"events\": [...], \"secret\": \"...\"}");
    }
    URI uri = url(body.url());
    List<String> events = events(body.events());
    if (body.secret() == null || body.secret().isBlank()) {
      throw new InvalidInput(
          "field 'secret' is required: the shared secret that signs every delivery "
              + "(X-Keel-Signature, HMAC-SHA256)");
    }
    if (body.secret().length() > MAX_SECRET) {
      throw new InvalidInput("field 'secret' is longer than " + MAX_SECRET + " characters");
    }
    if (body.description() != null && body.description().length() > MAX_DESCRIPTION) {
      throw new InvalidInput(
          "field 'description' is longer than " + MAX_DESCRIPTION + " characters");
    }
    String id = "wh-" + UUID.randomUUID();
    String sealed = secrets.seal(id, body.secret());
    String joined = String.join(",", events);
    jdbi.useTransaction(
        h -> {
          h.attach(WebhookDao.class)
              .insert(id, uri.toString(), joined, sealed, body.description(), actor);
          AuditLog.append(h, actor, "webhook-create", id, "ok", null, uri + " for " + joined);
        });
    return get(id);
  }

  public List<WebhookView> list() {
    return jdbi.withExtension(WebhookDao.class, WebhookDao::list).stream().map(this::view).toList();
  }

  public WebhookView get(String id) {
    return view(row(id));
  }

  /** Deletes a webhook and its delivery log (deliveries in flight stop at their next attempt). */
  public void delete(String id, String actor) {
    jdbi.useTransaction(
        h -> {
          if (h.attach(WebhookDao.class).delete(id) == 0) {
            throw notFound(id);
          }
          AuditLog.append(h, actor, "webhook-delete", id, "ok", null, null);
        });
  }

  /** The webhook's deliveries, newest first, at most {@code limit}. */
  public List<DeliveryView> deliveries(String id, int limit) {
    row(id);
    return jdbi.withExtension(WebhookDao.class, dao -> dao.deliveries(id, limit)).stream()
        .map(DeliveryView::of)
        .toList();
  }

  /** Sends a {@code ping} event to this webhook alone; returns its delivery. */
  public DeliveryView ping(String id, String actor) {
    WebhookRow hook = row(id);
    String eventId = UUID.randomUUID().toString();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("webhook", id);
    data.put("by", actor);
    String deliveryId =
        enqueue(
            hook, eventId, WebhookEvents.PING, null, body(eventId, WebhookEvents.PING, null, data));
    return jdbi.withExtension(WebhookDao.class, dao -> dao.delivery(deliveryId))
        .map(DeliveryView::of)
        .orElseThrow();
  }

  @Override
  public void publish(String event, String key, String model, Map<String, Object> data) {
    List<WebhookRow> subscribed =
        jdbi.withExtension(WebhookDao.class, WebhookDao::list).stream()
            .filter(w -> w.subscribes(event))
            .toList();
    if (subscribed.isEmpty()) {
      return;
    }
    String eventId = derived("event|" + event + "|" + key);
    String body = body(eventId, event, model, data);
    for (WebhookRow hook : subscribed) {
      enqueue(hook, eventId, event, model, body);
    }
  }

  /**
   * Adds the delivery (unless it exists) and starts its workflow while it is pending (unless it
   * runs or ran); returns the delivery id.
   */
  private String enqueue(WebhookRow hook, String eventId, String event, String model, String body) {
    String deliveryId = derived(eventId + "|" + hook.id());
    boolean pending =
        jdbi.withExtension(
            WebhookDao.class,
            dao -> {
              dao.insertDelivery(deliveryId, hook.id(), eventId, event, model, body);
              return dao.delivery(deliveryId)
                  .map(d -> WebhookDao.PENDING.equals(d.status()))
                  .orElse(false);
            });
    if (!pending) {
      return deliveryId;
    }
    WebhookDelivery workflow =
        client.newWorkflowStub(
            WebhookDelivery.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WebhookDelivery.id(deliveryId))
                .setTaskQueue(pipelineQueue)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
    try {
      WorkflowClient.start(
          workflow::deliver,
          new DeliveryRequest(
              deliveryId,
              settings.getMaxAttempts(),
              settings.getInitialBackoffMillis(),
              settings.getMaxBackoffMillis(),
              settings.getTimeoutSeconds()));
    } catch (WorkflowExecutionAlreadyStarted already) {
      // published before: that workflow delivers it
    }
    return deliveryId;
  }

  /** The JSON every attempt of a delivery sends, byte for byte. */
  private String body(String eventId, String event, String model, Map<String, Object> data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", eventId);
    body.put("event", event);
    body.put("timestamp", Instant.now().toString());
    body.put("model", model);
    body.put("data", data);
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the " + event + " event as JSON", e);
    }
  }

  private URI url(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInput("field 'url' is required: the http(s) URL that Keel POSTs events to");
    }
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new InvalidInput("field 'url': '" + text + "' is not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidInput("field 'url': '" + text + "' must be an http:// or https:// URL");
    }
    if (uri.getFragment() != null) {
      throw new InvalidInput("field 'url': '" + text + "' must not have a #fragment");
    }
    urls.check(uri);
    return uri;
  }

  private static List<String> events(List<String> given) {
    if (given == null || given.isEmpty()) {
      throw new InvalidInput(
          "field 'events' is required: a non-empty list of events to receive; valid events: "
              + WebhookEvents.ALL);
    }
    Set<String> events = new LinkedHashSet<>();
    for (String e : given) {
      if (e == null || !WebhookEvents.ALL.contains(e)) {
        throw new InvalidInput(
            "field 'events': unknown event "
                + (e == null ? "null" : "'" + e + "'")
                + "; valid events: "
                + WebhookEvents.ALL);
      }
      events.add(e);
    }
    return List.copyOf(events);
  }

  private WebhookRow row(String id) {
    return jdbi.withExtension(WebhookDao.class, dao -> dao.find(id))
        .orElseThrow(() -> notFound(id));
  }

  private static NotFound notFound(String id) {
    return new NotFound("no webhook '" + id + "'; GET /v1/webhooks lists them");
  }

  private WebhookView view(WebhookRow r) {
    return new WebhookView(
        r.id(),
        r.url(),
        r.eventList(),
        r.description(),
        r.createdBy(),
        r.createdAt(),
        r.secret().startsWith("sealed:"));
  }

  /** A UUID derived from {@code text}: the same text, the same id. */
  static String derived(String text) {
    return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
