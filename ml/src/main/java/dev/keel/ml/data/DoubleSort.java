package dev.keel.ml.data;

/**
 * Sorts doubles in the order of {@link java.util.Arrays#sort(double[])} ({@code -0.0} before {@code
 * 0.0}, NaN last) with a least-significant-digit radix sort over their bits, 16 bits a pass: a
 * linear pass count instead of a comparison sort's {@code n log n}, which matters for the profiles
 * of million-row columns. Passes in which every value has the same digit are skipped.
 */
final class DoubleSort {

  private static final int BITS = 16;
  private static final int RADIX = 1 << BITS;

  /** Below this many values a comparison sort is faster than four counting passes. */
  private static final int SMALL = 1 << 12;

  private DoubleSort() {}

  static void sort(double[] values) {
    int n = values.length;
    if (n < SMALL) {
      java.util.Arrays.sort(values);
      return;
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = key(values[i]);
    }
    long[] spare = new long[n];
    int[] counts = new int[RADIX];
    for (int shift = 0; shift < Long.SIZE; shift += BITS) {
      java.util.Arrays.fill(counts, 0);
      for (long k : keys) {
        counts[(int) (k >>> shift) & (RADIX - 1)]++;
      }
      if (counts[(int) (keys[0] >>> shift) & (RADIX - 1)] == n) {
        continue; // every value has this digit: the order stays as it is
      }
      int sum = 0;
      for (int d = 0; d < RADIX; d++) {
        int c = counts[d];
        counts[d] = sum;
        sum += c;
      }
      for (long k : keys) {
        spare[counts[(int) (k >>> shift) & (RADIX - 1)]++] = k;
      }
      long[] t = keys;
      keys = spare;
      spare = t;
    }
    for (int i = 0; i < n; i++) {
      values[i] = value(keys[i]);
    }
  }

  /**
   * The bits of {@code v} as a long whose unsigned order is the order of the doubles: negative
   * values have every bit flipped, others only the sign bit. NaN becomes its canonical form, which
   * sorts last as in {@link java.util.Arrays#sort(double[])}.
   */
  private static long key(double v) {
    long bits = Double.doubleToLongBits(v);
    return bits ^ ((bits >> 63) | Long.MIN_VALUE);
  }

  private static double value(long key) {
    long bits = key ^ (((~key) >> 63) | Long.MIN_VALUE);
    return Double.longBitsToDouble(bits);
  }
}
