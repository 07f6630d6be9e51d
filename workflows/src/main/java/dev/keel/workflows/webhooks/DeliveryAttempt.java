package dev.keel.workflows.webhooks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Input of {@link WebhookActivities#deliver}: which delivery, and how many attempts it gets. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryAttempt(String deliveryId, int maxAttempts) {}
