package dev.keel.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One firing of a model's schedule, as sent to its lifecycle: the moment it was due (epoch
 * milliseconds, workflow time), the expression, the overlap policy, and who triggered it by hand
 * (null for the cron).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledFiring(String model, long dueAt, String cron, String overlap, String actor) {

  /** Whether a firing while a run is in flight is dropped. */
  public boolean skipsOverlap() {
    return !ScheduleSpec.BUFFER.equals(overlap);
  }
}
