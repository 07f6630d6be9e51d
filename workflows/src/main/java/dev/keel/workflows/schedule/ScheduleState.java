package dev.keel.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a {@link ModelSchedule} carries across continue-as-new: the model, its schedule, whether it
 * is paused, and the last firing (epoch milliseconds, or null) with the count so far.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleState(
    String model, ScheduleSpec spec, boolean paused, Long lastFiredAt, long fired) {

  /** A new schedule that has not fired yet. */
  public ScheduleState(String model, ScheduleSpec spec, boolean paused) {
    this(model, spec, paused, null, 0);
  }
}
