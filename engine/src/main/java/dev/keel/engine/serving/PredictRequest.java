package dev.keel.engine.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Body of {@code POST /v1/models/{name}/predict}: rows of {@code feature → value}. Each row is
 * checked against the served version's signature, so its values stay JSON until then.
 */
public record PredictRequest(List<JsonNode> instances) {}
