package dev.keel.workflows.webhooks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of {@link WebhookDelivery}: the delivery (its body and target are in the engine's delivery
 * log, not in the history) and its retry policy: {@code maxAttempts} attempts, the first retry
 * after {@code initialBackoffMillis}, doubling up to {@code maxBackoffMillis}; each attempt may
 * take {@code attemptTimeoutSeconds}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryRequest(
    String deliveryId,
    int maxAttempts,
    long initialBackoffMillis,
    long maxBackoffMillis,
    int attemptTimeoutSeconds) {}
