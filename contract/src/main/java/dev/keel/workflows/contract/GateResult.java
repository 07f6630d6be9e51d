package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One gate checked against a candidate: what was required, what the candidate reached, and a
 * sentence saying why it passed or failed. {@code source} is {@code "gate"} for a declared gate and
 * {@code "champion"} for the comparison with the current champion on the same holdout.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateResult(
    String metric,
    String op,
    double value,
    Double actual,
    boolean passed,
    String source,
    String reason) {}
