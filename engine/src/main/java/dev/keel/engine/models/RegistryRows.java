package dev.keel.engine.models;

/** Database rows of the registry as the MLflow API reads them; times in epoch milliseconds. */
public final class RegistryRows {

  private RegistryRows() {}

  /**
   * A row of {@code models}; {@code task} is null for a model registered through the MLflow API.
   * {@code updated} is the later of the model's own update and its newest version's.
   */
  public record ModelRow(
      long id, String name, String task, String description, long created, long updated) {}

  /**
   * A row of {@code model_versions}. {@code runId} is Keel's training run (null for versions
   * registered through MLflow), {@code trackingRunId} MLflow's run id when one was given.
   */
  public record VersionRow(
      long modelId,
      String model,
      int version,
      String runId,
      String trackingRunId,
      String source,
      String artifact,
      String description,
      String createdBy,
      String runLink,
      String format,
      String status,
      long created,
      long updated) {

    /** MLflow's run_id of the version: the tracking run when known, else Keel's training run. */
    public String mlflowRunId() {
      return trackingRunId != null ? trackingRunId : runId;
    }
  }

  /** A tag of a model (version 0) or of one of its versions. */
  public record TagRow(long modelId, int version, String key, String value) {}

  /** An alias of a model. */
  public record AliasRow(long modelId, String alias, int version) {}
}
