package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The loaded dataset version: its row count and column types, read back from verified canonical
 * content.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IngestResult(
    DatasetRef dataset, long rows, List<ColumnSpec> columns, ActivityStats stats) {}
