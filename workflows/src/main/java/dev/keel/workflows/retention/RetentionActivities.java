package dev.keel.workflows.retention;

import io.temporal.activity.ActivityInterface;

/**
 * Deletes what the configured retention settings say has expired (engine side, on the control
 * queue).
 */
@ActivityInterface(namePrefix = "Retention_")
public interface RetentionActivities {

  /** One sweep; safe to repeat (deleting what is already gone changes nothing). */
  RetentionReport sweep();
}
