package dev.keel.engine.models;

import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.GateResult;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** A model version as the API returns it. */
public record VersionView(
    String model,
    int version,
    String status,
    List<String> aliases,
    String artifactHash,
    List<ColumnSpec> signature,
    Map<String, Double> metrics,
    List<GateResult> gates,
    Lineage lineage,
    String runId,
    OffsetDateTime createdAt) {

  static VersionView of(VersionRow row, List<String> aliases) {
    return new VersionView(
        row.model(),
        row.version(),
        row.status(),
        aliases,
        row.artifact(),
        row.signature(),
        row.metrics(),
        row.gates(),
        row.lineage(),
        row.runId(),
        row.createdAt());
  }
}
