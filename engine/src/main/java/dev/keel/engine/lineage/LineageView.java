package dev.keel.engine.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Where a model version came from and where it went: {@code GET
 * /v1/models/{name}/versions/{n}/lineage}.
 *
 * @param recorded the lineage exactly as recorded at registration (dataset version, run, pipeline,
 *     trainer, parameters, seed, Keel version and commit, and the parent sweep when there was one)
 * @param datasets the dataset versions it was trained on, as registered
 * @param run the run that trained it; null for a version registered from outside Keel
 * @param sweep the sweep its parameters were chosen by, or null
 * @param serving {@code champion} or {@code canary} while it is served, else null
 * @param deployments every deployment event that named this version, oldest first
 * @param reproductions retrainings from this lineage, newest first
 */
public record LineageView(
    String model,
    int version,
    String status,
    String format,
    String artifactHash,
    String source,
    List<String> aliases,
    OffsetDateTime createdAt,
    JsonNode recorded,
    List<DatasetUse> datasets,
    RunUse run,
    Trainer trainer,
    Long seed,
    String keelVersion,
    String gitCommit,
    JsonNode sweep,
    Approval approval,
    String serving,
    List<Deployment> deployments,
    List<ReproductionView> reproductions) {

  /** A dataset version a model version was trained on. */
  public record DatasetUse(
      String name,
      String version,
      long rows,
      String source,
      long sizeBytes,
      OffsetDateTime createdAt) {}

  /** A training run. */
  public record RunUse(
      String id,
      String model,
      String pipeline,
      String status,
      Integer modelVersion,
      String error,
      OffsetDateTime createdAt,
      OffsetDateTime endedAt) {}

  /** The algorithm and parameters as recorded. */
  public record Trainer(String algorithm, Map<String, String> params) {}

  /** The approval decision on the run that produced the version. */
  public record Approval(String decision, String actor, String comment, OffsetDateTime decidedAt) {}

  /** A deployment event naming the version (as the served version or as a canary). */
  public record Deployment(
      String kind,
      int version,
      Integer canaryVersion,
      double canaryShare,
      String actor,
      String reason,
      OffsetDateTime at) {}
}
