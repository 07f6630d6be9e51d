package dev.keel.engine.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.keel.engine.mlflow.PipelineTracking;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.SweepSummary;
import java.util.Map;

/**
 * Where a model version came from, exactly: the dataset version it was trained on, the run, the
 * pipeline, the trainer with its parameters, the seed, the Keel build (version and git commit, when
 * known) and, when a sweep chose the parameters, that sweep.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Lineage(
    DatasetRef dataset,
    String runId,
    String pipeline,
    String algorithm,
    Map<String, String> params,
    long seed,
    String keelVersion,
    String gitCommit,
    Sweep sweep) {

  public Lineage(
      DatasetRef dataset,
      String runId,
      String pipeline,
      String algorithm,
      Map<String, String> params,
      long seed,
      String keelVersion,
      String gitCommit) {
    this(dataset, runId, pipeline, algorithm, params, seed, keelVersion, gitCommit, null);
  }

  /**
   * The sweep that chose the version's parameters.
   *
   * @param runId the pipeline run that ran it
   * @param trackingRunId that run's MLflow tracking run, the parent of the trials' runs
   * @param trial the chosen trial's number
   * @param trialTrackingRunId the chosen trial's MLflow tracking run
   * @param params the chosen trial's swept parameters
   * @param value its validation {@code metric}
   * @param trialsFinished trials that finished
   * @param trialsFailed trials that failed
   */
  public record Sweep(
      String runId,
      String trackingRunId,
      String strategy,
      String metric,
      int trial,
      String trialTrackingRunId,
      Map<String, String> params,
      double value,
      int trialsFinished,
      int trialsFailed) {

    /** The lineage of a run's sweep, or null when it had none. */
    public static Sweep of(String runId, SweepSummary summary) {
      return summary == null
          ? null
          : new Sweep(
              runId,
              PipelineTracking.runIdOf(runId),
              summary.strategy(),
              summary.metric(),
              summary.chosenTrial(),
              PipelineTracking.trialRunIdOf(runId, summary.chosenTrial()),
              summary.chosenParams(),
              summary.value(),
              summary.finished(),
              summary.failed());
    }
  }
}
