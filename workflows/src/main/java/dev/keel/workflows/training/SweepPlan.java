package dev.keel.workflows.training;

import dev.keel.workflows.contract.ParamRange;
import dev.keel.workflows.contract.SweepSpec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of each trial of a sweep, computed from the spec alone (no clock, no workflow
 * randomness), so a replayed or restarted sweep plans exactly the same trials.
 */
public final class SweepPlan {

  private SweepPlan() {}

  /** The swept parameters of trials 1..n, in order. */
  public static List<Map<String, String>> trials(SweepSpec sweep) {
    return sweep.isGrid() ? grid(sweep) : random(sweep);
  }

  /** The number of combinations of a grid (every dimension a list of values). */
  public static long gridSize(Map<String, ParamRange> space) {
    long size = 1;
    for (ParamRange range : space.values()) {
      size *= range.values().size();
    }
    return size;
  }

  private static List<Map<String, String>> grid(SweepSpec sweep) {
    List<String> names = new ArrayList<>(sweep.space().keySet());
    long size = gridSize(sweep.space());
    List<Map<String, String>> trials = new ArrayList<>();
    for (long i = 0; i < size && trials.size() < sweep.trials(); i++) {
      Map<String, String> params = new LinkedHashMap<>();
      long rest = i;
      // the last name varies fastest, like nested loops in name order
      for (int d = names.size() - 1; d >= 0; d--) {
        List<String> values = sweep.space().get(names.get(d)).values();
        params.put(names.get(d), values.get((int) (rest % values.size())));
        rest /= values.size();
      }
      trials.add(ordered(names, params));
    }
    return trials;
  }

  private static List<Map<String, String>> random(SweepSpec sweep) {
    SplitMix random = new SplitMix(sweep.seed());
    List<Map<String, String>> trials = new ArrayList<>();
    for (int t = 0; t < sweep.trials(); t++) {
      Map<String, String> params = new LinkedHashMap<>();
      sweep.space().forEach((name, range) -> params.put(name, draw(range, random)));
      trials.add(params);
    }
    return trials;
  }

  private static String draw(ParamRange range, SplitMix random) {
    if (range.isChoice()) {
      return range.values().get((int) (random.nextDouble() * range.values().size()));
    }
    double u = random.nextDouble();
    if (range.isInt()) {
      long lo = (long) Math.ceil(range.min());
      long hi = (long) Math.floor(range.max());
      if (range.isLog()) {
        // log-uniform over [lo, hi + 1), floored: each integer gets the share of its interval
        double x = Math.exp(Math.log(lo) + u * (Math.log(hi + 1) - Math.log(lo)));
        return Long.toString(Math.max(lo, Math.min(hi, (long) Math.floor(x))));
      }
      return Long.toString(Math.min(hi, lo + (long) (u * (hi - lo + 1))));
    }
    double x =
        range.isLog()
            ? Math.exp(Math.log(range.min()) + u * (Math.log(range.max()) - Math.log(range.min())))
            : range.min() + u * (range.max() - range.min());
    return new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static Map<String, String> ordered(List<String> names, Map<String, String> params) {
    Map<String, String> out = new LinkedHashMap<>();
    names.forEach(n -> out.put(n, params.get(n)));
    return out;
  }

  /** SplitMix64: a tiny, fully specified generator, so draws never change with the JDK. */
  private static final class SplitMix {
    private long state;

    SplitMix(long seed) {
      this.state = seed;
    }

    double nextDouble() {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z = z ^ (z >>> 31);
      return (z >>> 11) * 0x1.0p-53;
    }
  }
}
