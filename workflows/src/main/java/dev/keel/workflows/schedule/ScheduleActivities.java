package dev.keel.workflows.schedule;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The engine's side of a schedule, run by its control worker. */
@ActivityInterface(namePrefix = "Schedule")
public interface ScheduleActivities {

  /**
   * Hands a firing to the model's lifecycle (started first if it is not running), which decides
   * what it does: retrain, coalesce, or skip it while a run is in flight. A firing repeated by a
   * retry is one more automatic trigger, which the lifecycle coalesces.
   */
  @ActivityMethod
  void fire(ScheduledFiring firing);
}
