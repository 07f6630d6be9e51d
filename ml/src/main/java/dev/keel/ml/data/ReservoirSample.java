package dev.keel.ml.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded uniform sample of a dataset's rows, drawn once when a version is profiled and stored
 * with it as the reference for exact two-sample drift tests (Kolmogorov-Smirnov, Wasserstein) that
 * the profile's decile bins cannot support.
 *
 * <p>Vitter's Algorithm R over the row indices with a {@link SplittableRandom} of a fixed seed, so
 * the same data always gives the same sample (and the same artifact address); the kept rows are
 * written in file order as a canonical CSV ({@link CsvIngestor}), all columns, since the model's
 * features are chosen only later. A table of at most {@link #SIZE} rows is its own sample, byte for
 * byte the version's canonical content.
 */
public final class ReservoirSample {

  /** Rows kept at most. */
  public static final int SIZE = 5_000;

  /** The fixed seed: the sample depends on the data alone. */
  public static final long SEED = 0x6b65656cL;

  private ReservoirSample() {}

  /**
   * Algorithm R: {@code min(rows, size)} distinct indices in {@code [0, rows)}, each subset of that
   * size equally likely, sorted ascending.
   */
  public static int[] indices(int rows, int size, long seed) {
    if (rows < 0 || size < 0) {
      throw new IllegalArgumentException("rows and size must be >= 0, got " + rows + ", " + size);
    }
    int k = Math.min(rows, size);
    int[] reservoir = new int[k];
    for (int i = 0; i < k; i++) {
      reservoir[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = k; i < rows; i++) {
      int j = random.nextInt(i + 1);
      if (j < k) {
        reservoir[j] = i;
      }
    }
    Arrays.sort(reservoir);
    return reservoir;
  }

  /** The sample of {@code table}: its kept rows as canonical CSV. */
  public static byte[] csv(Table table) {
    int[] keep = indices(table.rows(), SIZE, SEED);
    List<Column> columns = new ArrayList<>(table.columns().size());
    for (Column c : table.columns()) {
      // a numeric column's text is read cell by cell, never materialised for every row
      CellText text = c.text();
      String[] all = text == null ? c.values() : null;
      String[] kept = new String[keep.length];
      for (int i = 0; i < keep.length; i++) {
        kept[i] = text != null ? text.get(keep[i]) : all[keep[i]];
      }
      columns.add(Column.categorical(c.name(), kept));
    }
    return CsvIngestor.canonical(new Table(columns, keep.length));
  }
}
