package dev.keel.engine.schedule;

import dev.keel.workflows.schedule.ScheduleSpec;
import java.time.OffsetDateTime;

/** A row of {@code model_schedules}, with its model's name. */
public record ScheduleRow(
    String model,
    String cron,
    String overlap,
    String timezone,
    boolean paused,
    OffsetDateTime updatedAt,
    String updatedBy) {

  public ScheduleSpec spec() {
    return new ScheduleSpec(cron, overlap, timezone);
  }
}
