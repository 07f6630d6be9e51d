package dev.keel.ml.data;

import dev.keel.workflows.contract.ColumnSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a {@link DatasetProfile}. Numeric columns get a quantile histogram whose bins later data
 * is placed in with {@link #binOf} to measure drift (population stability index), so both sides use
 * exactly the same bins.
 */
public final class Profiler {

  /** Number of quantile bins before equal edges are merged. */
  public static final int BINS = 10;

  /** Number of categorical values counted one by one. */
  public static final int TOP_VALUES = 50;

  /** Frequency key of all categorical values beyond the most common {@link #TOP_VALUES}. */
  public static final String OTHER = "__other__";

  private Profiler() {}

  /** Profiles the columns, several at once (each column's profile depends on that column only). */
  public static DatasetProfile profile(Table table) {
    List<ColumnProfile> columns =
        table.columns().parallelStream()
            .map(c -> c.isNumeric() ? numeric(c, table.rows()) : categorical(c, table.rows()))
            .toList();
    return new DatasetProfile(table.rows(), columns);
  }

  /**
   * The bin of {@code v} among {@code edges} (bins {@code [edge[i], edge[i+1])}, the last one
   * closed): values below the first edge fall in the first bin, values above the last edge in the
   * last bin. Missing values (NaN) have no bin: skip them.
   */
  public static int binOf(List<Double> edges, double v) {
    if (Double.isNaN(v)) {
      throw new IllegalArgumentException("a missing value (NaN) has no bin");
    }
    int bins = edges.size() - 1;
    if (bins < 1) {
      throw new IllegalArgumentException("need at least two bin edges, got " + edges);
    }
    if (bins == 1 || v < edges.get(1)) {
      return 0;
    }
    if (v >= edges.get(bins - 1)) {
      return bins - 1;
    }
    int lo = 1;
    int hi = bins - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (edges.get(mid) <= v) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static ColumnProfile numeric(Column c, int rows) {
    double[] sorted = new double[rows];
    int n = 0;
    double sum = 0;
    for (double v : c.numbers()) {
      if (!Double.isNaN(v)) {
        sorted[n++] = v;
        sum += v;
      }
    }
    if (n == 0) {
      return new ColumnProfile(
          c.name(), c.type(), 0, rows, null, null, null, null, List.of(), List.of(), null, 0);
    }
    sorted = Arrays.copyOf(sorted, n);
    DoubleSort.sort(sorted);
    double mean = sum / n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double d = sorted[i] - mean;
      squares += d * d;
    }
    Double std = n > 1 ? Math.sqrt(squares / (n - 1)) : null;
    long distinct = 1;
    for (int i = 1; i < n; i++) {
      if (sorted[i] != sorted[i - 1]) {
        distinct++;
      }
    }
    List<Double> edges = edges(sorted);
    long[] counts = new long[edges.size() - 1];
    for (double v : sorted) {
      counts[binOf(edges, v)]++;
    }
    List<Long> binCounts = Arrays.stream(counts).boxed().toList();
    return new ColumnProfile(
        c.name(),
        c.type(),
        n,
        rows - n,
        sorted[0],
        sorted[n - 1],
        mean,
        std,
        edges,
        binCounts,
        null,
        distinct);
  }

  /**
   * Nearest-rank deciles of sorted values, so every edge is an observed value and no bin is empty.
   */
  private static List<Double> edges(double[] sorted) {
    int n = sorted.length;
    List<Double> edges = new ArrayList<>(BINS + 1);
    for (int i = 0; i <= BINS; i++) {
      int rank = i == 0 ? 0 : (int) Math.ceil((double) i * n / BINS) - 1;
      double e = sorted[Math.min(n - 1, Math.max(0, rank))];
      if (edges.isEmpty() || e > edges.get(edges.size() - 1)) {
        edges.add(e);
      }
    }
    if (edges.size() == 1) {
      edges.add(edges.get(0));
    }
    return Collections.unmodifiableList(edges);
  }

  private static ColumnProfile categorical(Column c, int rows) {
    Map<String, Long> counts = new HashMap<>();
    long n = 0;
    for (String v : c.values()) {
      if (v != null) {
        counts.merge(v, 1L, Long::sum);
        n++;
      }
    }
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> frequencies = new LinkedHashMap<>();
    long other = 0;
    for (int i = 0; i < entries.size(); i++) {
      if (i < TOP_VALUES) {
        frequencies.put(entries.get(i).getKey(), entries.get(i).getValue());
      } else {
        other += entries.get(i).getValue();
      }
    }
    if (entries.size() > TOP_VALUES) {
      frequencies.put(OTHER, other);
    }
    return new ColumnProfile(
        c.name(),
        ColumnSpec.CATEGORICAL,
        n,
        rows - n,
        null,
        null,
        null,
        null,
        null,
        null,
        Collections.unmodifiableMap(frequencies),
        counts.size());
  }
}
