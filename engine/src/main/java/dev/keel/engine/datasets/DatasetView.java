package dev.keel.engine.datasets;

import dev.keel.ml.data.DatasetProfile;
import dev.keel.workflows.contract.ColumnSpec;
import java.time.OffsetDateTime;
import java.util.List;

/** A dataset version as the API returns it. */
public record DatasetView(
    String name,
    String version,
    long rows,
    List<ColumnSpec> columns,
    DatasetProfile profile,
    String source,
    long sizeBytes,
    OffsetDateTime createdAt) {

  static DatasetView of(DatasetVersionRow row) {
    return new DatasetView(
        row.name(),
        row.version(),
        row.rowCount(),
        row.columns(),
        row.profile(),
        row.source(),
        row.sizeBytes(),
        row.createdAt());
  }
}
