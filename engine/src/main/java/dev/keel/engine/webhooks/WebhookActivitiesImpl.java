package dev.keel.engine.webhooks;

import dev.keel.engine.api.OutboundUrls;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.metrics.KeelMetrics;
import dev.keel.engine.webhooks.WebhookDao.DeliveryRow;
import dev.keel.engine.webhooks.WebhookDao.WebhookRow;
import dev.keel.workflows.webhooks.DeliveryAttempt;
import dev.keel.workflows.webhooks.WebhookActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * One attempt of a webhook delivery: signs the stored body, POSTs it and records the answer. A 2xx
 * answer delivers; 408, 429, 5xx, timeouts and connection errors are retried; any other answer
 * (another 4xx, a redirect: redirects are not followed) and a URL the engine's rules now refuse
 * fail the delivery at once.
 */
public final class WebhookActivitiesImpl implements WebhookActivities {

  /** Longest error text kept in the delivery log. */
  static final int MAX_ERROR = 500;

  private final Jdbi jdbi;
  private final WebhookSecrets secrets;
  private final OutboundUrls urls;
  private final KeelMetrics metrics;
  private final HttpClient http;
  private final Duration timeout;

  WebhookActivitiesImpl(
      Jdbi jdbi, WebhookSecrets secrets, OutboundUrls urls, KeelMetrics metrics, Duration timeout) {
    this.jdbi = jdbi;
    this.secrets = secrets;
    this.urls = urls;
    this.metrics = metrics;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public void deliver(DeliveryAttempt attempt) {
    Optional<DeliveryRow> found =
        jdbi.withExtension(WebhookDao.class, dao -> dao.delivery(attempt.deliveryId()));
    if (found.isEmpty() || !WebhookDao.PENDING.equals(found.get().status())) {
      return; // delivered, failed, or deleted with its webhook
    }
    DeliveryRow delivery = found.get();
    Optional<WebhookRow> hook =
        jdbi.withExtension(WebhookDao.class, dao -> dao.find(delivery.webhookId()));
    if (hook.isEmpty()) {
      return;
    }
    boolean last = Activity.getExecutionContext().getInfo().getAttempt() >= attempt.maxAttempts();
    URI uri = URI.create(hook.get().url());
    try {
      urls.check(uri);
    } catch (InvalidInput refused) {
      throw refuse(delivery, null, refused.getMessage());
    }
    byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
    long timestamp = System.currentTimeMillis() / 1000;
    String secret;
    try {
      secret = secrets.open(hook.get().id(), hook.get().secret());
    } catch (RuntimeException e) {
      throw refuse(delivery, null, "cannot open the webhook's secret: " + e.getMessage());
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Keel-Webhooks/1")
            .header("X-Keel-Event", delivery.event())
            .header("X-Keel-Delivery", delivery.id())
            .header("X-Keel-Timestamp", Long.toString(timestamp))
            .header("X-Keel-Signature", WebhookSignature.sign(secret, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw retry(delivery, null, "no answer within " + timeout.toSeconds() + " s", last);
    } catch (IOException e) {
      throw retry(delivery, null, "cannot reach " + uri.getHost() + ": " + describe(e), last);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw retry(delivery, null, "interrupted", last);
    }
    int code = response.statusCode();
    if (code >= 200 && code < 300) {
      record(delivery, code, null, WebhookDao.DELIVERED, "delivered");
      return;
    }
    String error = "HTTP " + code + answer(response.body());
    if (code == 408 || code == 429 || code >= 500) {
      throw retry(delivery, code, error, last);
    }
    throw refuse(
        delivery,
        code,
        error
            + (code >= 300 && code < 400
                ? " (redirects are not followed; register the final URL)"
                : " (not retried: a 4xx other than 408 and 429 is final)"));
  }

  private RuntimeException retry(DeliveryRow d, Integer code, String error, boolean last) {
    record(
        d,
        code,
        error,
        last ? WebhookDao.FAILED : WebhookDao.PENDING,
        last ? "failed" : "retrying");
    return ApplicationFailure.newFailure(error, "WebhookAttemptFailed");
  }

  private RuntimeException refuse(DeliveryRow d, Integer code, String error) {
    record(d, code, error, WebhookDao.FAILED, "failed");
    return ApplicationFailure.newNonRetryableFailure(error, REFUSED);
  }

  private void record(DeliveryRow d, Integer code, String error, String status, String outcome) {
    String kept =
        error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    int recorded =
        jdbi.withExtension(WebhookDao.class, dao -> dao.recordAttempt(d.id(), code, kept, status));
    if (recorded == 1) {
      metrics.webhookDeliveries.labels(d.event(), outcome).inc();
    }
  }

  private static String answer(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String line = body.strip().replaceAll("\\s+", " ");
    return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
