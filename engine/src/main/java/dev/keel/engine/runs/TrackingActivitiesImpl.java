package dev.keel.engine.runs;

import dev.keel.engine.mlflow.PipelineTracking;
import dev.keel.workflows.contract.TrackingActivities;
import dev.keel.workflows.contract.TrialRecord;
import org.jdbi.v3.core.Jdbi;

/**
 * The control worker's tracking writes: sweep trials as nested MLflow runs, one transaction each.
 */
public final class TrackingActivitiesImpl implements TrackingActivities {

  private final Jdbi jdbi;

  public TrackingActivitiesImpl(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void recordTrial(TrialRecord trial) {
    jdbi.useTransaction(h -> PipelineTracking.recordTrial(h, trial));
  }
}
