package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Turns a numeric target into a binary label: a row is of the positive class {@code "1"} when
 * {@code target op value} holds (for example {@code quality >= 6}), of class {@code "0"} otherwise.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Binarize(String op, double value) {
  public static final String POSITIVE = "1";
  public static final String NEGATIVE = "0";

  public boolean test(double target) {
    return Comparison.of(op).test(target, value);
  }
}
