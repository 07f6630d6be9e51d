package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What the data check found: {@code problems}, one sentence each naming the column and the figures
 * against the policy's bound (empty when the data passed), and a {@code summary} of the whole.
 *
 * @param columns the feature columns checked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataCheckResult(
    boolean passed, String summary, List<String> problems, int columns, ActivityStats stats) {

  public DataCheckResult {
    problems = problems == null ? List.of() : List.copyOf(problems);
  }
}
