package dev.keel.engine.lineage;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The reverse lineage of a dataset version, {@code GET /v1/datasets/{name}/versions/{hash}/usage}:
 * every run that trained on it and every model version trained on it.
 */
public record UsageView(
    String dataset,
    String version,
    List<LineageView.RunUse> runs,
    List<ModelVersionUse> modelVersions) {

  /** A model version trained on the dataset version. */
  public record ModelVersionUse(
      String model,
      int version,
      String status,
      String runId,
      List<String> aliases,
      String serving,
      OffsetDateTime createdAt) {}
}
