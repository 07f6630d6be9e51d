package dev.keel.ml.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Statistics of a dataset version, stored with it as the baseline that later data is compared with
 * for drift.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetProfile(long rows, List<ColumnProfile> columns) {
  public DatasetProfile {
    columns = columns == null ? List.of() : List.copyOf(columns);
  }
}
