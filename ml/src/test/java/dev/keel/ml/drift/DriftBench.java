package dev.keel.ml.drift;

import dev.keel.ml.data.Column;
import dev.keel.ml.data.CsvIngestor;
import dev.keel.ml.data.DatasetProfile;
import dev.keel.ml.data.Profiler;
import dev.keel.ml.data.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark of one drift check: the red-wine training profile against 100,000 live inputs of 11
 * features (white-wine rows drawn with replacement, each its own map), timed after a warm-up. Not a
 * test; run it with {@code java -cp <workers classpath> dev.keel.ml.drift.DriftBench [data-dir]},
 * the data directory holding {@code wine-quality-red.csv} and {@code wine-quality-white.csv}
 * (default {@code ../shared/data}, then {@code ../../shared/data}).
 */
public final class DriftBench {

  public static final int ROWS = 100_000;
  public static final double TARGET_SECONDS = 2.0;
  private static final int WARM_UP = 5;
  private static final int TIMED = 7;

  private DriftBench() {}

  public static void main(String[] args) {
    // A command's output, not logging.
    System.out.println(run(args.length > 0 ? Path.of(args[0]) : defaultDataDir()));
  }

  /** Runs the benchmark on the data in the default directory; see the class comment. */
  public static String run() {
    return run(defaultDataDir());
  }

  /**
   * Runs the benchmark and returns one printable line with the median time of {@value #TIMED}
   * checks.
   */
  public static String run(Path dataDir) {
    Table red = read(dataDir.resolve("wine-quality-red.csv"));
    Table white = read(dataDir.resolve("wine-quality-white.csv"));
    DatasetProfile baseline = Profiler.profile(red);
    List<String> features = features(red, "quality");
    List<Map<String, Object>> source = rows(white, features);
    Random random = new Random(42);
    List<Map<String, Object>> window = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      window.add(new HashMap<>(source.get(random.nextInt(source.size()))));
    }
    DriftCalculator calculator = new DriftCalculator();
    DriftReport report = null;
    for (int i = 0; i < WARM_UP; i++) {
      report = calculator.compare(baseline, window, features);
    }
    long[] nanos = new long[TIMED];
    for (int i = 0; i < TIMED; i++) {
      long start = System.nanoTime();
      report = calculator.compare(baseline, window, features);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    double seconds = nanos[TIMED / 2] / 1e9;
    return String.format(
        Locale.ROOT,
        "drift check: %d predictions x %d features in %.3f s (median of %d, target <= %.0f"
            + " s); %s",
        ROWS,
        features.size(),
        seconds,
        TIMED,
        TARGET_SECONDS,
        report.summary());
  }

  /** All column names of a table but the excluded ones, in table order. */
  static List<String> features(Table table, String... excluded) {
    List<String> skip = List.of(excluded);
    return table.columns().stream().map(Column::name).filter(n -> !skip.contains(n)).toList();
  }

  /**
   * The table's rows as live inputs: numbers as {@code Double}, text as {@code String}, missing
   * values absent.
   */
  static List<Map<String, Object>> rows(Table table, List<String> features) {
    List<Column> columns = features.stream().map(f -> table.column(f).orElseThrow()).toList();
    List<Map<String, Object>> rows = new ArrayList<>(table.rows());
    for (int r = 0; r < table.rows(); r++) {
      Map<String, Object> row = new HashMap<>();
      for (Column c : columns) {
        if (!c.isMissing(r)) {
          row.put(c.name(), c.isNumeric() ? (Object) c.numbers()[r] : c.values()[r]);
        }
      }
      rows.add(row);
    }
    return rows;
  }

  static Table read(Path csv) {
    try (InputStream in = Files.newInputStream(csv)) {
      return new CsvIngestor().ingest(in).table();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv.toAbsolutePath(), e);
    }
  }

  private static Path defaultDataDir() {
    for (String dir : List.of("../shared/data", "../../shared/data")) {
      if (Files.isRegularFile(Path.of(dir, "wine-quality-red.csv"))) {
        return Path.of(dir);
      }
    }
    return Path.of("../shared/data");
  }
}
