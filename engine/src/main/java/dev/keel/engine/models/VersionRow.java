package dev.keel.engine.models;

import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.GateResult;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.json.Json;

/** A row of {@code model_versions} with its model's name. */
public record VersionRow(
    String model,
    int version,
    String runId,
    String artifact,
    @Json List<ColumnSpec> signature,
    @Json Map<String, Double> metrics,
    @Json List<GateResult> gates,
    @Json Lineage lineage,
    String status,
    OffsetDateTime createdAt) {}
