package dev.keel.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A schedule as its workflow sees it: the next firing (epoch milliseconds; null while paused), the
 * last one and how many so far.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleView(
    String model,
    ScheduleSpec spec,
    boolean paused,
    Long nextFireAt,
    Long lastFiredAt,
    long fired,
    boolean stopped) {}
