package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One gate checked against a candidate: what was required, what the candidate reached, and a
 * sentence saying why it passed or failed. {@code source} is {@code "gate"} for a declared gate,
 * {@code "champion"} for the comparison with the current champion on the same holdout, and {@code
 * "championMargin"} for a {@link ChampionMargin}.
 *
 * @param value the threshold {@code actual} was compared with ({@code op}); for a champion margin,
 *     the champion's value moved by the required change (the candidate's own value when there is no
 *     champion)
 * @param actual the candidate's value, or null when it was not measured
 * @param champion champion margins only: the champion's value on the same holdout, or null when
 *     there is no champion to compare with
 * @param requiredChange champion margins only: the least improvement over the champion, in the
 *     metric's units (a relative margin times the champion's value)
 * @param change champion margins only: the candidate's improvement over the champion in the
 *     metric's units (positive is better, whichever the metric's direction)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateResult(
    String metric,
    String op,
    double value,
    Double actual,
    boolean passed,
    String source,
    String reason,
    Double champion,
    Double requiredChange,
    Double change) {

  public static final String GATE = "gate";
  public static final String CHAMPION = "champion";
  public static final String CHAMPION_MARGIN = "championMargin";

  /** A result of a declared gate or of the comparison with the champion. */
  public GateResult(
      String metric,
      String op,
      double value,
      Double actual,
      boolean passed,
      String source,
      String reason) {
    this(metric, op, value, actual, passed, source, reason, null, null, null);
  }
}
