package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * A finished trial: its validation metrics and the value of the metric the sweep chooses by.
 *
 * @param trainRows rows the trial trained on
 * @param validationRows rows it was scored on
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrialResult(
    Map<String, Double> metrics,
    double value,
    long trainRows,
    long validationRows,
    ActivityStats stats) {}
