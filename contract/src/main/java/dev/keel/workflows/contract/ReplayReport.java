package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A candidate scored on logged inputs of the champion: how many were replayed, how many agreed with
 * the logged output, and the first disagreeing examples.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplayReport(long replayed, long agreed, List<Disagreement> disagreements) {

  /**
   * One logged input on which the candidate and the logged output differ ({@code predictionId} when
   * known).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record Disagreement(
      String predictionId,
      int loggedVersion,
      Map<String, Object> inputs,
      Object logged,
      Object candidate) {}

  public double agreement() {
    return replayed == 0 ? 0 : (double) agreed / replayed;
  }

  public String detail() {
    return String.format(
        Locale.ROOT, "agreement %.3f over %d logged predictions", agreement(), replayed);
  }
}
