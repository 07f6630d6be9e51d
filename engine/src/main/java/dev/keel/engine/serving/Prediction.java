package dev.keel.engine.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One prediction as the API returns and the log stores it: for a classifier the label and the class
 * probabilities, for a regression model the value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String label, Map<String, Double> probabilities, Double value) {}
