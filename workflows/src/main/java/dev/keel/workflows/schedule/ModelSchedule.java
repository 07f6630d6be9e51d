package dev.keel.workflows.schedule;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One workflow per scheduled model (id {@code schedule-<model>}): a durable timer loop that sends
 * the model's lifecycle a {@code scheduled} trigger at each time its cron expression names. It
 * works on every Temporal server, the dev server included (which has no Schedules API). Firings
 * missed while no worker ran are not caught up: the next one after the worker is back fires, as
 * Temporal Schedules do with their default catch-up window passed.
 */
@WorkflowInterface
public interface ModelSchedule {

  static String workflowId(String model) {
    return "schedule-" + model;
  }

  @WorkflowMethod(name = "ModelSchedule")
  void run(ScheduleState state);

  /** Pauses, resumes, fires now, reschedules or stops the schedule; answers with its new state. */
  @UpdateMethod
  ScheduleView change(ScheduleChange change);

  /** Refuses an unknown action or an invalid new schedule before it is recorded. */
  @UpdateValidatorMethod(updateName = "change")
  void validateChange(ScheduleChange change);

  @QueryMethod
  ScheduleView view();
}
