package dev.keel.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The radix sort of profiles orders doubles exactly as {@link Arrays#sort(double[])} does. */
class DoubleSortTest {

  private static void assertSortsAsArraysSort(double[] values) {
    double[] expected = values.clone();
    Arrays.sort(expected);
    double[] actual = values.clone();
    DoubleSort.sort(actual);
    // bit for bit, so -0.0 and 0.0 keep their order and nothing is rounded
    assertThat(Arrays.stream(actual).mapToLong(Double::doubleToRawLongBits).toArray())
        .containsExactly(Arrays.stream(expected).mapToLong(Double::doubleToRawLongBits).toArray());
  }

  @Test
  void mixedSignsZerosExtremesAndDuplicatesSortAsArraysSortDoes() {
    SplittableRandom random = new SplittableRandom(7);
    double[] values = new double[100_000];
    double[] specials = {
      -0.0,
      0.0,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NaN,
      1e-300,
      -1e300
    };
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (i % 4) {
            case 0 -> specials[random.nextInt(specials.length)];
            case 1 -> random.nextInt(50) - 25.0; // many duplicates
            case 2 -> (random.nextDouble() - 0.5) * 1e6;
            default -> random.nextLong(1_000_000) / 1000.0;
          };
    }
    assertSortsAsArraysSort(values);
  }

  @Test
  void valuesThatShareHighDigitsAndSmallArraysSortToo() {
    SplittableRandom random = new SplittableRandom(11);
    double[] narrow = new double[50_000];
    for (int i = 0; i < narrow.length; i++) {
      narrow[i] = 1.0 + random.nextInt(1000) * Math.ulp(1.0); // only the lowest bits differ
    }
    assertSortsAsArraysSort(narrow);
    assertSortsAsArraysSort(new double[] {3, -1, 2, -0.0, 0.0});
    assertSortsAsArraysSort(new double[0]);
    double[] same = new double[10_000];
    Arrays.fill(same, 4.25);
    assertSortsAsArraysSort(same);
  }
}
