package dev.keel.workflows.training;

import dev.keel.workflows.contract.ChampionRef;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.ReleasePolicy;

/**
 * Builds the {@link PipelineRequest}s of tests by name instead of nine positional arguments ending
 * in nulls. Unset fields are null except the engine version ({@code 0.1.0}) and commit ({@code
 * abc123}) that lineage records.
 */
public final class PipelineRequests {

  private final String runId;
  private final String model;
  private ModelSpec spec;
  private DatasetRef dataset;
  private ChampionRef champion;
  private String keelVersion = "0.1.0";
  private String gitCommit = "abc123";
  private String computeQueue;
  private ReleasePolicy release;
  private dev.keel.workflows.contract.CachePolicy cache;

  private PipelineRequests(String runId, String model) {
    this.runId = runId;
    this.model = model;
  }

  /** A request to train {@code model} in run {@code runId}. */
  public static PipelineRequests request(String runId, String model) {
    return new PipelineRequests(runId, model);
  }

  public PipelineRequests spec(ModelSpec value) {
    spec = value;
    return this;
  }

  public PipelineRequests dataset(DatasetRef value) {
    dataset = value;
    return this;
  }

  public PipelineRequests champion(ChampionRef value) {
    champion = value;
    return this;
  }

  public PipelineRequests keelVersion(String value) {
    keelVersion = value;
    return this;
  }

  public PipelineRequests gitCommit(String value) {
    gitCommit = value;
    return this;
  }

  public PipelineRequests computeQueue(String value) {
    computeQueue = value;
    return this;
  }

  public PipelineRequests release(ReleasePolicy value) {
    release = value;
    return this;
  }

  public PipelineRequests cache(dev.keel.workflows.contract.CachePolicy value) {
    cache = value;
    return this;
  }

  public PipelineRequest build() {
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
        null,
        cache);
  }
}
