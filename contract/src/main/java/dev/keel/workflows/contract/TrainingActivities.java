package dev.keel.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Model training and evaluation, run by compute workers. Both are deterministic for the same
 * inputs, so a retried attempt writes the same artifact at the same address.
 */
@ActivityInterface(namePrefix = "Training")
public interface TrainingActivities {

  /** Trains on the training split and stores the model; heartbeats while it works. */
  @ActivityMethod
  TrainResult train(TrainRequest request);

  /**
   * One sweep trial: trains on the training split less a validation split carved from it and
   * returns the validation metrics (the holdout stays untouched for the final evaluation). Stores
   * no artifact.
   */
  @ActivityMethod
  TrialResult trial(TrialRequest request);

  /** Scores the candidate (and the champion, if any) on the holdout split. */
  @ActivityMethod
  EvaluateResult evaluate(EvaluateRequest request);
}
