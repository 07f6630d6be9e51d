package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of a training pipeline run (Keel's {@code TrainingPipeline} or a user-defined one).
 *
 * @param runId the run's id, which is also the workflow id
 * @param model the registered model's name
 * @param spec the model's definition as far as training needs it
 * @param dataset the dataset version to train on
 * @param champion the current champion, or null when the model has none
 * @param keelVersion the engine's version, recorded in lineage
 * @param gitCommit the commit the engine was built from, when known
 * @param computeQueue the task queue of the workers that run this pipeline's compute activities
 *     (null: the default {@link dev.keel.workflows.contract.TaskQueues#COMPUTE}); lets a model use
 *     a GPU or large-memory worker pool
 * @param release approval and deployment of a candidate that passes its gates; null (runs started
 *     before releases existed) makes a passing version champion at registration
 * @param dataCheck the check of {@code dataset} against the champion's training data before
 *     training, or null (runs a person started, models without a {@code dataValidation} policy or
 *     without a champion, and runs started before data checks existed)
 * @param cache step caching of ingest, validate, sweep trials and training; null computes every
 *     step
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineRequest(
    String runId,
    String model,
    ModelSpec spec,
    DatasetRef dataset,
    ChampionRef champion,
    String keelVersion,
    String gitCommit,
    String computeQueue,
    ReleasePolicy release,
    DataCheck dataCheck,
    CachePolicy cache) {

  /** A request without a data check (as every request was before data checks existed). */
  public PipelineRequest(
      String runId,
      String model,
      ModelSpec spec,
      DatasetRef dataset,
      ChampionRef champion,
      String keelVersion,
      String gitCommit,
      String computeQueue,
      ReleasePolicy release) {
    this(
        runId,
        model,
        spec,
        dataset,
        champion,
        keelVersion,
        gitCommit,
        computeQueue,
        release,
        null,
        null);
  }

  /** The same request with {@code check} as its data check. */
  public PipelineRequest withDataCheck(DataCheck check) {
    return new PipelineRequest(
        runId,
        model,
        spec,
        dataset,
        champion,
        keelVersion,
        gitCommit,
        computeQueue,
        release,
        check,
        cache);
  }

  public String computeQueueOrDefault() {
    return computeQueue == null || computeQueue.isBlank()
        ? dev.keel.workflows.contract.TaskQueues.COMPUTE
        : computeQueue;
  }
}
