package dev.keel.ml.data;

/**
 * A CSV file read into a typed table.
 *
 * @param version {@code sha256:<hex>} of {@code canonical}: the dataset version's identity and
 *     artifact address
 * @param table the parsed, typed rows
 * @param canonical the canonical UTF-8 CSV (see {@link CsvIngestor}); the bytes to store under
 *     {@code version}
 * @param profile per-column statistics, the baseline for drift detection; its {@code sample} is the
 *     address of {@code sample}
 * @param sample the seeded reservoir sample of the rows as canonical CSV ({@link ReservoirSample});
 *     null when none was drawn
 */
public record IngestedDataset(
    String version, Table table, byte[] canonical, DatasetProfile profile, byte[] sample) {

  public IngestedDataset(String version, Table table, byte[] canonical, DatasetProfile profile) {
    this(version, table, canonical, profile, null);
  }
}
