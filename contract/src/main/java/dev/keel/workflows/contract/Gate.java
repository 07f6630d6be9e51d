package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A quality gate a candidate must pass before it may become champion, e.g. {@code accuracy >= 0.8}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Gate(String metric, String op, double value) {}
