package dev.keel.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Experiment tracking of pipeline runs, run by the engine's control worker. (A run's own tracking
 * run is opened and closed with its run record; this interface carries what only the workflow
 * knows.)
 */
@ActivityInterface(namePrefix = "Tracking")
public interface TrackingActivities {

  /**
   * Records a sweep trial as a tracking run nested in the pipeline run's one (tag {@code
   * mlflow.parentRunId}), with its parameters, validation metrics and status. Idempotent by run id
   * and trial number.
   */
  @ActivityMethod
  void recordTrial(TrialRecord trial);
}
