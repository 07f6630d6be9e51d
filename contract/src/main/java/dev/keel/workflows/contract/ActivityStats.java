package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How long an activity's own work took and which attempt produced the result. The pipeline
 * subtracts {@code elapsedMillis} from a stage's wall time to know what orchestration cost. {@code
 * cached} is true when the result was an earlier one reused by step caching ({@link CachePolicy});
 * the stage then shows {@code CACHED}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActivityStats(long elapsedMillis, int attempt, Boolean cached) {

  /** Stats of a result computed now. */
  public ActivityStats(long elapsedMillis, int attempt) {
    this(elapsedMillis, attempt, null);
  }

  /** Whether the result was reused from the step cache. */
  public boolean reused() {
    return Boolean.TRUE.equals(cached);
  }
}
