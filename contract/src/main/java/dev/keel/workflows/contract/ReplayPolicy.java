package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Log replay: before any live traffic, the candidate scores the latest {@code lastN} logged inputs
 * of the champion; it is rejected when it agrees with the champion's logged outputs on less than
 * {@code minAgreement} of them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplayPolicy(int lastN, double minAgreement) {}
