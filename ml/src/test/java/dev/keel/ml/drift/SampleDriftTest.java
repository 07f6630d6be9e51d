package dev.keel.ml.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.ml.data.CsvIngestor;
import dev.keel.ml.data.IngestedDataset;
import dev.keel.ml.data.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Numeric drift against the reservoir sample on the wine data: red is the reference. */
class SampleDriftTest {

  private static final Path RED = Path.of("../../shared/data/wine-quality-red.csv");
  private static final Path WHITE = Path.of("../../shared/data/wine-quality-white.csv");

  private static IngestedDataset red;
  private static ReferenceSample sample;
  private static List<String> features;
  private static List<Map<String, Object>> redRows;
  private static List<Map<String, Object>> whiteRows;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = Files.newInputStream(RED)) {
      red = new CsvIngestor().ingest(in);
    }
    sample = ReferenceSample.parse(red.profile().sample(), red.sample());
    Table white = DriftBench.read(WHITE);
    features = DriftBench.features(red.table(), "quality");
    redRows = every(DriftBench.rows(red.table(), features), 4);
    whiteRows = every(DriftBench.rows(white, features), 12);
  }

  private static List<Map<String, Object>> every(List<Map<String, Object>> rows, int step) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i += step) {
      out.add(rows.get(i));
    }
    return out;
  }

  private static FeatureDrift feature(DriftReport report, String name) {
    return report.features().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void largeReferenceIsJudgedByWassersteinAndWhiteWineDrifts() {
    assertThat(sample.rows()).isEqualTo(1599);
    DriftReport calm = new DriftCalculator().compare(red.profile(), sample, redRows, features);
    assertThat(calm.drifted()).as(calm.summary()).isFalse();
    assertThat(calm.referenceRows()).isEqualTo(1599);
    assertThat(calm.features()).allSatisfy(f -> assertThat(f.method()).isEqualTo("wasserstein"));

    DriftReport white = new DriftCalculator().compare(red.profile(), sample, whiteRows, features);
    assertThat(white.drifted()).isTrue();
    FeatureDrift sulfur = feature(white, "total_sulfur_dioxide");
    assertThat(sulfur.drifted()).isTrue();
    assertThat(sulfur.statistic()).isEqualTo(sulfur.wasserstein()).isGreaterThan(0.1);
    assertThat(sulfur.threshold()).isEqualTo(0.1);
    assertThat(sulfur.pValue()).isLessThan(1e-10);
    assertThat(sulfur.psi()).isNotNull();
    assertThat(white.driftedFeatures()).contains("residual_sugar", "total_sulfur_dioxide");
  }

  @Test
  void ksDecidesWhenAskedAndOnASmallReference() {
    DriftPolicy ks = new DriftPolicy(0.2, 1, 0.01, 100, 0.1, "ks", 0.05, 0.1);
    DriftReport white = new DriftCalculator(ks).compare(red.profile(), sample, whiteRows, features);
    FeatureDrift sugar = feature(white, "residual_sugar");
    assertThat(sugar.method()).isEqualTo("ks");
    assertThat(sugar.statistic()).isEqualTo(sugar.pValue()).isLessThan(0.05);
    assertThat(sugar.threshold()).isEqualTo(0.05);
    assertThat(sugar.drifted()).isTrue();

    Table small = CsvIngestor.parseCanonical(firstLines(500));
    ReferenceSample smallSample = new ReferenceSample("small", small);
    DriftReport auto =
        new DriftCalculator().compare(red.profile(), smallSample, whiteRows, features);
    assertThat(feature(auto, "residual_sugar").method()).isEqualTo("ks");
  }

  @Test
  void withoutASampleTheProfileAloneDecidesByPsi() {
    DriftReport white = new DriftCalculator().compare(red.profile(), null, whiteRows, features);
    assertThat(white.referenceRows()).isNull();
    FeatureDrift sulfur = feature(white, "total_sulfur_dioxide");
    assertThat(sulfur.method()).isEqualTo("psi");
    assertThat(sulfur.statistic()).isEqualTo(sulfur.psi());
    assertThat(sulfur.wasserstein()).isNull();
  }

  @Test
  void outputLabelsAndValuesDriftWhenTheirDistributionMoves() {
    DriftCalculator calc = new DriftCalculator();
    List<String> reference = new ArrayList<>();
    List<String> same = new ArrayList<>();
    List<String> moved = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      reference.add(i % 2 == 0 ? "true" : "false");
      if (i < 400) {
        same.add(i % 2 == 0 ? "true" : "false");
        moved.add(i % 5 == 0 ? "false" : "true");
      }
    }
    OutputDrift calm = calc.labels(reference, same);
    assertThat(calm.drifted()).isFalse();
    assertThat(calm.referenceShares()).containsEntry("true", 0.5);
    OutputDrift drifted = calc.labels(reference, moved);
    assertThat(drifted.drifted()).isTrue();
    assertThat(drifted.windowShares()).containsEntry("true", 0.8);
    assertThat(drifted.method()).isEqualTo("chi-square");

    double[] ref = sample.numbers("alcohol");
    double[] shifted = new double[300];
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] = ref[i * 5] + 1.5;
    }
    OutputDrift values = calc.values(ref, shifted);
    assertThat(values.method()).isEqualTo("wasserstein");
    assertThat(values.drifted()).isTrue();
  }

  @Test
  void estimatedAccuracyIsTheMeanTopProbability() {
    assertThat(
            ConfidenceEstimate.expectedAccuracy(
                List.of(Map.of("a", 0.9, "b", 0.1), Map.of("a", 0.4, "b", 0.6))))
        .isCloseTo(0.75, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(ConfidenceEstimate.expectedAccuracy(List.of())).isNull();
  }

  private static byte[] firstLines(int rows) {
    try {
      List<String> lines = Files.readAllLines(RED);
      return (String.join("\n", lines.subList(0, rows + 1)) + "\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
