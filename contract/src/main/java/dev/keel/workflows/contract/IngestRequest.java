package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Input of {@link DatasetActivities#ingest}: the registered dataset version to load. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IngestRequest(DatasetRef dataset, CachePolicy cache) {

  /** Without step caching. */
  public IngestRequest(DatasetRef dataset) {
    this(dataset, null);
  }
}
