package dev.keel.ml.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Statistics of a dataset version, stored with it as the baseline that later data is compared with
 * for drift.
 *
 * @param rows rows of the version
 * @param columns per-column statistics
 * @param sample artifact address of the version's seeded reservoir sample ({@link ReservoirSample},
 *     a canonical CSV of at most {@link ReservoirSample#SIZE} rows); null for versions profiled
 *     before samples existed, whose drift is measured by PSI alone
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetProfile(long rows, List<ColumnProfile> columns, String sample) {
  public DatasetProfile {
    columns = columns == null ? List.of() : List.copyOf(columns);
  }

  public DatasetProfile(long rows, List<ColumnProfile> columns) {
    this(rows, columns, null);
  }

  /** The same profile, referencing the sample stored at {@code address}. */
  public DatasetProfile withSample(String address) {
    return new DatasetProfile(rows, columns, address);
  }
}
