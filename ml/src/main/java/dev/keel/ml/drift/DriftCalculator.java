package dev.keel.ml.drift;

import dev.keel.ml.data.ColumnProfile;
import dev.keel.ml.data.CsvIngestor;
import dev.keel.ml.data.DatasetProfile;
import dev.keel.ml.data.Profiler;
import dev.keel.workflows.contract.ColumnSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a window of live model inputs with the profile of the data the model was trained on.
 *
 * <p>Numeric features: the population stability index {@code PSI = sum_i (a_i - e_i) ln(a_i / e_i)}
 * over the baseline's own quantile bins, where {@code e_i} is the baseline's share of values in bin
 * {@code i} and {@code a_i} the window's, each window value placed with {@link Profiler#binOf}
 * (values outside the training range count in the first or last bin). Categorical features: PSI
 * over the baseline's category frequencies, a window value the baseline did not count one by one
 * counting as {@value Profiler#OTHER}, and the chi-square test of homogeneity of the 2 x k table of
 * baseline and window counts. Shares of zero are replaced by {@link #EPSILON} so that PSI stays
 * finite: a category or range the baseline never saw then adds about {@code a ln(a / 1e-4)}, a
 * clear signal. Missing values take no part in PSI or chi-square; each feature reports the
 * baseline's and the window's share of them instead.
 *
 * <p>With a {@link ReferenceSample} of the training data (versions profiled since samples exist),
 * numeric features are also compared exactly with the sample: the two-sample Kolmogorov-Smirnov
 * test and the Wasserstein distance normalised by the sample's standard deviation ({@link
 * NumericTests}); the policy's numeric method ({@link DriftPolicy#numericMethodFor}) picks which
 * one decides, PSI is still reported. Without a sample (older versions) PSI decides.
 *
 * <p>{@link #labels} and {@link #values} compare the model's outputs in the same ways.
 *
 * <p>Cost: one pass over the window per feature with a binary search per numeric value.
 */
public final class DriftCalculator {

  /** Share used in place of an empty bin or category (baseline or window) in PSI. */
  public static final double EPSILON = 1e-4;

  private final DriftPolicy policy;

  public DriftCalculator(DriftPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public DriftCalculator() {
    this(DriftPolicy.defaults());
  }

  public DriftPolicy policy() {
    return policy;
  }

  /**
   * Compares {@code window} with {@code baseline} on {@code features}.
   *
   * @param window one map per live input: feature name to a number or text; an absent key, null, a
   *     missing marker ({@link CsvIngestor#MISSING}) or, for a numeric feature, anything that is
   *     not a finite number is missing
   * @throws IllegalArgumentException when a feature is not a column of the baseline
   */
  public DriftReport compare(
      DatasetProfile baseline, List<? extends Map<String, ?>> window, List<String> features) {
    return compare(baseline, null, window, features);
  }

  /**
   * Compares {@code window} with {@code baseline} and, for numeric features, with the {@code
   * sample} of the training data (null: PSI only).
   */
  public DriftReport compare(
      DatasetProfile baseline,
      ReferenceSample sample,
      List<? extends Map<String, ?>> window,
      List<String> features) {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(features, "features");
    Map<String, ColumnProfile> columns = new HashMap<>();
    for (ColumnProfile c : baseline.columns()) {
      columns.put(c.name(), c);
    }
    boolean sufficient = window.size() >= policy.minWindow();
    List<FeatureDrift> results = new ArrayList<>(features.size());
    for (String name : features) {
      ColumnProfile column = columns.get(name);
      if (column == null) {
        throw new IllegalArgumentException(
            "feature '"
                + name
                + "' is not a column of the training data (columns: "
                + baseline.columns().stream().map(ColumnProfile::name).toList()
                + ")");
      }
      FeatureDrift f =
          ColumnSpec.NUMERIC.equals(column.type())
              ? numeric(column, window, sufficient, sample)
              : categorical(column, window, sufficient);
      results.add(f);
    }
    List<String> drifted =
        results.stream().filter(FeatureDrift::drifted).map(FeatureDrift::name).toList();
    boolean windowDrifted = sufficient && drifted.size() >= policy.minFeatures();
    String summary;
    if (!sufficient) {
      summary =
          "insufficient data: " + window.size() + " rows, the policy needs " + policy.minWindow();
    } else if (windowDrifted) {
      summary = "drifted: " + drifted.size() + " of " + results.size() + " features " + drifted;
    } else {
      summary =
          "no drift: "
              + drifted.size()
              + " of "
              + results.size()
              + " features drifted"
              + (drifted.isEmpty()
                  ? ""
                  : " " + drifted + ", the policy needs " + policy.minFeatures());
    }
    return new DriftReport(
        window.size(),
        sufficient,
        windowDrifted,
        summary,
        results,
        sample == null ? null : sample.rows(),
        null,
        null);
  }

  private FeatureDrift numeric(
      ColumnProfile c,
      List<? extends Map<String, ?>> window,
      boolean sufficient,
      ReferenceSample sample) {
    String name = c.name();
    List<Double> edges = c.binEdges();
    boolean hasBins = c.count() > 0 && edges != null && edges.size() >= 2;
    long[] counts = new long[hasBins ? edges.size() - 1 : 0];
    double[] live = new double[window.size()];
    int n = 0;
    long missing = 0;
    for (Map<String, ?> row : window) {
      double v = number(row == null ? null : row.get(name));
      if (Double.isNaN(v)) {
        missing++;
      } else {
        live[n++] = v;
        if (hasBins) {
          counts[Profiler.binOf(edges, v)]++;
        }
      }
    }
    Double psi = null;
    long present = window.size() - missing;
    if (hasBins && present > 0) {
      double[] expected = new double[counts.length];
      for (int i = 0; i < counts.length; i++) {
        expected[i] = (double) c.binCounts().get(i) / c.count();
      }
      psi = psi(expected, counts, present);
    }
    double[] reference = sample == null ? null : sample.numbers(name);
    if (reference == null || reference.length == 0 || n == 0) {
      return feature(c, psi, null, null, missing, window.size(), sufficient);
    }
    NumericTests.Result tests = NumericTests.compare(reference, Arrays.copyOf(live, n));
    String method = policy.numericMethodFor(reference.length);
    Double statistic;
    double threshold;
    boolean over;
    switch (method) {
      case DriftPolicy.KS -> {
        statistic = tests.pValue();
        threshold = policy.ksPValue();
        over = tests.pValue() < threshold;
      }
      case DriftPolicy.WASSERSTEIN -> {
        statistic = tests.normalised();
        threshold = policy.wassersteinThreshold();
        over = tests.normalised() >= threshold;
      }
      default -> {
        statistic = psi;
        threshold = policy.psiThreshold();
        over = psi != null && psi >= threshold;
      }
    }
    double missingBaseline = missingShare(c);
    double missingWindow = window.isEmpty() ? 0 : (double) missing / window.size();
    boolean drifted =
        sufficient && (over || missingWindow - missingBaseline >= policy.missingShareIncrease());
    return new FeatureDrift(
        name,
        c.type(),
        psi,
        null,
        tests.pValue(),
        missingBaseline,
        missingWindow,
        drifted,
        method,
        statistic,
        threshold,
        tests.ks(),
        tests.normalised(),
        reference.length);
  }

  /**
   * Drift of a classifier's predicted labels in a window against its predictions on the reference
   * sample: PSI and chi-square over the labels, judged as a categorical feature is.
   */
  public OutputDrift labels(List<String> reference, List<String> window) {
    Map<String, Integer> index = new java.util.TreeMap<>();
    for (String l : reference) {
      index.putIfAbsent(l, 0);
    }
    for (String l : window) {
      index.putIfAbsent(l, 0);
    }
    List<String> names = new ArrayList<>(index.keySet());
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    long[] ref = new long[names.size()];
    long[] live = new long[names.size()];
    reference.forEach(l -> ref[index.get(l)]++);
    window.forEach(l -> live[index.get(l)]++);
    Map<String, Double> refShares = new java.util.LinkedHashMap<>();
    Map<String, Double> liveShares = new java.util.LinkedHashMap<>();
    double[] expected = new double[names.size()];
    for (int i = 0; i < names.size(); i++) {
      expected[i] = reference.isEmpty() ? 0 : (double) ref[i] / reference.size();
      refShares.put(names.get(i), expected[i]);
      liveShares.put(names.get(i), window.isEmpty() ? 0 : (double) live[i] / window.size());
    }
    Double psi =
        reference.isEmpty() || window.isEmpty() ? null : psi(expected, live, window.size());
    Double pValue = null;
    if (!reference.isEmpty() && !window.isEmpty()) {
      double[] chi = chiSquare(ref, live);
      pValue = chi == null ? null : ChiSquare.survival(chi[0], (int) chi[1] - 1);
    }
    boolean sufficient = window.size() >= policy.minWindow();
    boolean drifted =
        sufficient
            && ((psi != null && psi >= policy.psiThreshold())
                || (pValue != null && pValue < policy.pValueThreshold()));
    return new OutputDrift(
        "label",
        pValue != null ? "chi-square" : DriftPolicy.PSI,
        pValue != null ? pValue : psi,
        pValue != null ? policy.pValueThreshold() : policy.psiThreshold(),
        psi,
        pValue,
        null,
        null,
        refShares,
        liveShares,
        reference.size(),
        window.size(),
        drifted);
  }

  /**
   * Drift of a regression model's predicted values in a window against its predictions on the
   * reference sample: KS or Wasserstein, as the policy's numeric method picks ({@code psi} falls
   * back to {@code auto}: predicted values have no profile bins).
   */
  public OutputDrift values(double[] reference, double[] window) {
    boolean sufficient = window.length >= policy.minWindow();
    if (reference.length == 0 || window.length == 0) {
      return new OutputDrift(
          "value",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          reference.length,
          window.length,
          false);
    }
    NumericTests.Result tests = NumericTests.compare(reference, window);
    String method =
        DriftPolicy.PSI.equals(policy.numericMethod())
            ? (reference.length <= DriftPolicy.AUTO_KS_MAX_REFERENCE
                ? DriftPolicy.KS
                : DriftPolicy.WASSERSTEIN)
            : policy.numericMethodFor(reference.length);
    boolean ks = DriftPolicy.KS.equals(method);
    double statistic = ks ? tests.pValue() : tests.normalised();
    double threshold = ks ? policy.ksPValue() : policy.wassersteinThreshold();
    boolean drifted = sufficient && (ks ? statistic < threshold : statistic >= threshold);
    return new OutputDrift(
        "value",
        method,
        statistic,
        threshold,
        null,
        tests.pValue(),
        tests.ks(),
        tests.normalised(),
        null,
        null,
        reference.length,
        window.length,
        drifted);
  }

  /**
   * Chi-square statistic of the 2 x k table of two count vectors and the number of categories
   * either side saw; null when fewer than two.
   */
  static double[] chiSquare(long[] a, long[] b) {
    long totalA = Arrays.stream(a).sum();
    long totalB = Arrays.stream(b).sum();
    double total = totalA + totalB;
    double chi = 0;
    int categories = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] + b[i] == 0) {
        continue;
      }
      categories++;
      double ea = totalA * (a[i] + b[i]) / total;
      double eb = totalB * (a[i] + b[i]) / total;
      chi += (a[i] - ea) * (a[i] - ea) / ea + (b[i] - eb) * (b[i] - eb) / eb;
    }
    return categories >= 2 ? new double[] {chi, categories} : null;
  }

  private static double missingShare(ColumnProfile c) {
    long baselineRows = c.count() + c.missing();
    return baselineRows == 0 ? 0 : (double) c.missing() / baselineRows;
  }

  private FeatureDrift categorical(
      ColumnProfile c, List<? extends Map<String, ?>> window, boolean sufficient) {
    String name = c.name();
    Map<String, Long> frequencies = c.frequencies() == null ? Map.of() : c.frequencies();
    Map<String, Integer> index = new HashMap<>();
    List<Long> baselineCounts = new ArrayList<>();
    for (Map.Entry<String, Long> e : frequencies.entrySet()) {
      index.put(e.getKey(), baselineCounts.size());
      baselineCounts.add(e.getValue());
    }
    int other =
        index.computeIfAbsent(
            Profiler.OTHER,
            k -> {
              baselineCounts.add(0L);
              return baselineCounts.size() - 1;
            });
    long[] counts = new long[baselineCounts.size()];
    long missing = 0;
    for (Map<String, ?> row : window) {
      String v = text(row == null ? null : row.get(name));
      if (v == null) {
        missing++;
      } else {
        counts[index.getOrDefault(v, other)]++;
      }
    }
    long present = window.size() - missing;
    long baselineTotal = baselineCounts.stream().mapToLong(Long::longValue).sum();
    Double psi = null;
    Double chiSquare = null;
    Double pValue = null;
    if (baselineTotal > 0 && present > 0) {
      double[] expected = new double[counts.length];
      for (int i = 0; i < counts.length; i++) {
        expected[i] = (double) baselineCounts.get(i) / baselineTotal;
      }
      psi = psi(expected, counts, present);
      double total = baselineTotal + present;
      double chi = 0;
      int categories = 0;
      for (int i = 0; i < counts.length; i++) {
        long b = baselineCounts.get(i);
        long w = counts[i];
        if (b + w == 0) {
          continue;
        }
        categories++;
        double eb = baselineTotal * (b + w) / total;
        double ew = present * (b + w) / total;
        chi += (b - eb) * (b - eb) / eb + (w - ew) * (w - ew) / ew;
      }
      if (categories >= 2) {
        chiSquare = chi;
        pValue = ChiSquare.survival(chi, categories - 1);
      }
    }
    return feature(c, psi, chiSquare, pValue, missing, window.size(), sufficient);
  }

  private FeatureDrift feature(
      ColumnProfile c,
      Double psi,
      Double chiSquare,
      Double pValue,
      long missing,
      int windowSize,
      boolean sufficient) {
    long baselineRows = c.count() + c.missing();
    double missingBaseline = baselineRows == 0 ? 0 : (double) c.missing() / baselineRows;
    double missingWindow = windowSize == 0 ? 0 : (double) missing / windowSize;
    boolean drifted =
        sufficient
            && ((psi != null && psi >= policy.psiThreshold())
                || (pValue != null && pValue < policy.pValueThreshold())
                || missingWindow - missingBaseline >= policy.missingShareIncrease());
    return new FeatureDrift(
        c.name(), c.type(), psi, chiSquare, pValue, missingBaseline, missingWindow, drifted);
  }

  /** PSI of window counts against expected shares, each share at least {@link #EPSILON}. */
  static double psi(double[] expected, long[] counts, long present) {
    double psi = 0;
    for (int i = 0; i < counts.length; i++) {
      double e = Math.max(expected[i], EPSILON);
      double a = Math.max((double) counts[i] / present, EPSILON);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /** A live value as a number; NaN when missing or not a finite number. */
  static double number(Object v) {
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? d : Double.NaN;
    }
    if (v instanceof String s) {
      String t = s.trim();
      if (CsvIngestor.MISSING.contains(t)) {
        return Double.NaN;
      }
      try {
        double d = Double.parseDouble(t);
        return Double.isFinite(d) ? d : Double.NaN;
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  /** A live value as category text, trimmed as the CSV reader trims; null when missing. */
  static String text(Object v) {
    if (v == null) {
      return null;
    }
    String t;
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      double d = ((Number) v).doubleValue();
      // 3.0 -> "3", as the CSV file would most likely have spelled it
      t =
          Double.isFinite(d)
              ? new BigDecimal(v.toString()).stripTrailingZeros().toPlainString()
              : v.toString();
    } else {
      t = v.toString().trim();
    }
    return CsvIngestor.MISSING.contains(t) ? null : t;
  }
}
