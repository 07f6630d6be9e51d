package dev.keel.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class ReservoirSampleTest {

  @Test
  void sameRowsAndSeedGiveTheSameSortedDistinctIndices() {
    int[] first = ReservoirSample.indices(100_000, 5_000, ReservoirSample.SEED);
    assertThat(first).hasSize(5_000).isSorted().doesNotHaveDuplicates();
    assertThat(ReservoirSample.indices(100_000, 5_000, ReservoirSample.SEED)).isEqualTo(first);
    assertThat(ReservoirSample.indices(100_000, 5_000, 7)).isNotEqualTo(first);
    assertThat(first[first.length - 1]).isLessThan(100_000);
  }

  @Test
  void aSmallTableIsItsOwnSample() {
    assertThat(ReservoirSample.indices(3, 5, 1)).containsExactly(0, 1, 2);
    IngestedDataset d =
        new CsvIngestor()
            .ingest(
                new ByteArrayInputStream("a,b\n1,x\n2,\n3,z\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(d.sample()).isEqualTo(d.canonical());
    assertThat(d.profile().sample()).isEqualTo(d.version());
  }

  @Test
  void everyRowIsAboutEquallyLikelyToBeKept() {
    // over 400 seeds, how often each of 20 blocks of 1,000 rows is drawn: uniform by chi-square
    int rows = 20_000;
    long[] perBlock = new long[20];
    for (int seed = 0; seed < 400; seed++) {
      for (int i : ReservoirSample.indices(rows, 500, seed)) {
        perBlock[i / 1_000]++;
      }
    }
    double[] expected = new double[20];
    java.util.Arrays.fill(expected, 400.0 * 500 / 20);
    assertThat(new ChiSquareTest().chiSquareTest(expected, perBlock)).isGreaterThan(0.001);
  }

  @Test
  void aLargeTableKeepsFiveThousandRowsInFileOrder() {
    StringBuilder csv = new StringBuilder("i,label\n");
    for (int i = 0; i < 12_000; i++) {
      csv.append(i).append(',').append(i % 3 == 0 ? "a" : "b").append('\n');
    }
    byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
    IngestedDataset d = new CsvIngestor().ingest(new ByteArrayInputStream(bytes));
    Table sample = CsvIngestor.parseCanonical(d.sample());
    assertThat(sample.rows()).isEqualTo(ReservoirSample.SIZE);
    double[] kept = sample.column("i").orElseThrow().numbers();
    for (int r = 1; r < kept.length; r++) {
      assertThat(kept[r]).isGreaterThan(kept[r - 1]);
    }
    assertThat(new CsvIngestor().ingest(new ByteArrayInputStream(bytes)).sample())
        .isEqualTo(d.sample());
    assertThat(d.profile().sample())
        .isEqualTo(dev.keel.ml.artifacts.ArtifactStore.sha256(d.sample()));
  }
}
