package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.MlflowRequests.MetricInput;
import dev.keel.engine.mlflow.MlflowViews.Experiment;
import dev.keel.engine.mlflow.MlflowViews.ExperimentsPage;
import dev.keel.engine.mlflow.MlflowViews.KeyValue;
import dev.keel.engine.mlflow.MlflowViews.MetricsPage;
import dev.keel.engine.mlflow.MlflowViews.Run;
import dev.keel.engine.mlflow.MlflowViews.RunInfo;
import dev.keel.engine.mlflow.MlflowViews.RunsPage;
import dev.keel.engine.mlflow.TrackingChecks.Limit;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * MLflow tracking on Keel's PostgreSQL: experiments, runs and what runs log, with MLflow's rules (a
 * param never changes value, deleted runs take no more data, log-batch limits). Errors are {@link
 * MlflowException}s.
 *
 * <p>The front of the parts MLflow's own tracking server has: {@link TrackingExperiments}, {@link
 * TrackingRuns} (a run's life), {@link TrackingLogging} (metrics, params, tags, log-batch) and
 * {@link TrackingSearch}.
 */
public final class TrackingService {

  public static final int MAX_METRICS = (int) Limit.BATCH_METRICS.max();
  public static final int MAX_PARAMS = (int) Limit.BATCH_PARAMS.max();
  public static final int MAX_TAGS = (int) Limit.BATCH_TAGS.max();
  public static final int MAX_ITEMS = (int) Limit.BATCH_ITEMS.max();
  public static final int MAX_PARAM_VALUE = (int) Limit.PARAM_VALUE.max();
  public static final int MAX_TAG_VALUE = (int) Limit.TAG_VALUE.max();
  public static final int MAX_KEY = (int) Limit.KEY.max();
  public static final long MAX_RUN_RESULTS = TrackingSearch.MAX_RUN_RESULTS;

  /** Run ids are 32 hexadecimal characters; far longer text is no run id. */
  public static final int MAX_RUN_ID = (int) Limit.RUN_ID.max();

  public static final String RUN_NAME_TAG = TrackingRuns.RUN_NAME_TAG;

  /** How long an experiments/create retry gets the experiment its first attempt created. */
  public static final long RETRY_WINDOW_MILLIS = TrackingExperiments.RETRY_WINDOW_MILLIS;

  private final TrackingExperiments experiments;
  private final TrackingRuns runs;
  private final TrackingLogging logging;
  private final TrackingSearch search;

  public TrackingService(Jdbi jdbi) {
    TrackingReader reader = new TrackingReader(jdbi);
    this.experiments = new TrackingExperiments(jdbi, reader);
    this.runs = new TrackingRuns(jdbi, reader);
    this.logging = new TrackingLogging(jdbi, reader);
    this.search = new TrackingSearch(jdbi, reader);
  }

  // ---- experiments

  /**
   * Creates an experiment. The same request again within {@link #RETRY_WINDOW_MILLIS} (same name,
   * artifact location and tags: a client retrying a call whose answer it lost) gets the id created
   * the first time; any other request for a taken name is RESOURCE_ALREADY_EXISTS.
   */
  public String createExperiment(String name, String artifactLocation, List<KeyValue> tags) {
    return experiments.create(name, artifactLocation, tags);
  }

  public Experiment experiment(String experimentId) {
    return experiments.get(experimentId);
  }

  public Experiment experimentByName(String name) {
    return experiments.byName(name);
  }

  public ExperimentsPage searchExperiments(
      String filter, String viewType, Long maxResults, String pageToken) {
    return search.experiments(filter, viewType, maxResults, pageToken);
  }

  /**
   * Deletes ({@code "deleted"}) or restores ({@code "active"}) an experiment together with all its
   * runs, in one transaction, as MLflow does: a deleted experiment's runs leave default searches, a
   * restored one's come back.
   */
  public void setExperimentStage(String experimentId, String stage) {
    experiments.setStage(experimentId, stage);
  }

  public void renameExperiment(String experimentId, String newName) {
    experiments.rename(experimentId, newName);
  }

  public void setExperimentTag(String experimentId, String key, String value) {
    experiments.setTag(experimentId, key, value);
  }

  // ---- runs

  /**
   * Creates a run. A request carrying a start time is fingerprinted (experiment, start time, run
   * name, user, tags); the same request again (a client retry) returns the run the first attempt
   * created instead of a second run.
   */
  public Run createRun(
      String experimentId, String userId, Long startTime, String runName, List<KeyValue> tags) {
    return runs.create(experimentId, userId, startTime, runName, tags);
  }

  public Run run(String runId) {
    return runs.get(runId);
  }

  public RunInfo updateRun(String runId, String status, Long endTime, String runName) {
    return runs.update(runId, status, endTime, runName);
  }

  public void setRunStage(String runId, String stage) {
    runs.setStage(runId, stage);
  }

  // ---- logging

  public void logBatch(
      String runId, List<MetricInput> metrics, List<KeyValue> params, List<KeyValue> tags) {
    logging.logBatch(runId, metrics, params, tags);
  }

  public void deleteTag(String runId, String key) {
    logging.deleteTag(runId, key);
  }

  // ---- search

  public MetricsPage metricHistory(String runId, String key, Long maxResults, String pageToken) {
    return search.metricHistory(runId, key, maxResults, pageToken);
  }

  public RunsPage searchRuns(
      List<String> experimentIds,
      String filter,
      String viewType,
      Long maxResults,
      List<String> orderBy,
      String pageToken) {
    return search.runs(experimentIds, filter, viewType, maxResults, orderBy, pageToken);
  }
}
