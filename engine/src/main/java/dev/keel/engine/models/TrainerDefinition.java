package dev.keel.engine.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The {@code trainer} of a model definition: an algorithm and its hyperparameters (numbers, strings
 * or booleans).
 */
public record TrainerDefinition(String algorithm, Map<String, JsonNode> params) {}
