package dev.keel.engine.serving;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Body of {@code POST /v1/models/{name}/feedback}: the true outcome of a logged prediction. {@code
 * label} is a class label (text) for a classifier and a number for a regression model.
 */
public record FeedbackRequest(String predictionId, JsonNode label) {}
