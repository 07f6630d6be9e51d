package dev.keel.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A person's change to a running schedule: {@code pause}, {@code resume}, {@code trigger} (fire
 * now, once, even while paused), {@code reschedule} (to {@code spec}) or {@code stop} (the schedule
 * is removed).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleChange(String action, ScheduleSpec spec, String actor) {
  public static final String PAUSE = "pause";
  public static final String RESUME = "resume";
  public static final String TRIGGER = "trigger";
  public static final String RESCHEDULE = "reschedule";
  public static final String STOP = "stop";
}
