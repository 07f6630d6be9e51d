package dev.keel.engine.datasets;

import dev.keel.ml.data.DatasetProfile;
import dev.keel.workflows.contract.ColumnSpec;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.json.Json;

/** A row of {@code dataset_versions} joined with its dataset's name. */
public record DatasetVersionRow(
    String name,
    String version,
    long rowCount,
    @Json List<ColumnSpec> columns,
    @Json DatasetProfile profile,
    String source,
    long sizeBytes,
    OffsetDateTime createdAt) {}
