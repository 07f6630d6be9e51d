package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * Holdout metrics. Classification: {@code accuracy}, {@code macroF1}, {@code logLoss} and, for two
 * classes, {@code rocAuc}. Regression: {@code rmse}, {@code mae}, {@code r2}. {@code
 * championMetrics} is null when there is no champion, or when the champion could not be scored on
 * this data (then {@code championError} says why).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluateResult(
    Map<String, Double> metrics,
    Map<String, Double> championMetrics,
    String championError,
    ActivityStats stats) {}
