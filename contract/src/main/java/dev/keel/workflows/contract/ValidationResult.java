package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A dataset that fits the model: the feature columns training will use (the model's input
 * signature) and the number of rows that have a target.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValidationResult(List<ColumnSpec> features, long labelledRows, ActivityStats stats) {}
