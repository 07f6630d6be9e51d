package dev.keel.ml.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.ml.data.CsvIngestor;
import dev.keel.ml.data.DatasetProfile;
import dev.keel.ml.data.Profiler;
import dev.keel.ml.data.Table;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DriftCalculatorTest {

  private static final Path RED = Path.of("../../shared/data/wine-quality-red.csv");
  private static final Path WHITE = Path.of("../../shared/data/wine-quality-white.csv");

  private static DatasetProfile redProfile;
  private static List<String> features;
  private static List<Map<String, Object>> redRows;
  private static List<Map<String, Object>> whiteRows;

  private final DriftCalculator calculator = new DriftCalculator();

  @BeforeAll
  static void readWine() {
    Table red = DriftBench.read(RED);
    Table white = DriftBench.read(WHITE);
    redProfile = Profiler.profile(red);
    features = DriftBench.features(red, "quality");
    redRows = DriftBench.rows(red, features);
    whiteRows = DriftBench.rows(white, features);
  }

  private static FeatureDrift feature(DriftReport report, String name) {
    return report.features().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void redRowsDoNotDriftFromTheRedProfile() {
    DriftReport report = calculator.compare(redProfile, redRows, features);
    assertThat(report.windowSize()).isEqualTo(1599);
    assertThat(report.sufficient()).isTrue();
    assertThat(report.drifted()).isFalse();
    assertThat(report.summary()).isEqualTo("no drift: 0 of 11 features drifted");
    assertThat(report.features())
        .extracting(FeatureDrift::name)
        .containsExactlyElementsOf(features);
    for (FeatureDrift f : report.features()) {
      assertThat(f.psi()).as(f.name()).isCloseTo(0.0, within(1e-12));
      assertThat(f.type()).isEqualTo("numeric");
      assertThat(f.chiSquare()).isNull();
      assertThat(f.pValue()).isNull();
      assertThat(f.missingShareWindow()).isZero();
      assertThat(f.drifted()).isFalse();
    }
  }

  @Test
  void aRandomHalfOfTheRedRowsDoesNotDrift() {
    List<Map<String, Object>> shuffled = new ArrayList<>(redRows);
    Collections.shuffle(shuffled, new Random(7));
    DriftReport report =
        calculator.compare(redProfile, shuffled.subList(0, shuffled.size() / 2), features);
    assertThat(report.windowSize()).isEqualTo(799);
    assertThat(report.drifted()).isFalse();
    assertThat(report.driftedFeatures()).isEmpty();
    assertThat(report.features())
        .allSatisfy(f -> assertThat(f.psi()).as(f.name()).isLessThan(0.05));
  }

  @Test
  void whiteRowsDriftFromTheRedProfile() {
    DriftReport report = calculator.compare(redProfile, whiteRows, features);
    assertThat(report.windowSize()).isEqualTo(4898);
    assertThat(report.drifted()).isTrue();
    assertThat(report.summary()).startsWith("drifted: ");
    assertThat(feature(report, "total_sulfur_dioxide").psi()).isGreaterThanOrEqualTo(0.2);
    assertThat(feature(report, "residual_sugar").psi()).isGreaterThanOrEqualTo(0.2);
    assertThat(report.driftedFeatures()).contains("total_sulfur_dioxide", "residual_sugar");
    assertThat(report.features())
        .allSatisfy(f -> assertThat(f.drifted()).isEqualTo(f.psi() >= 0.2));
    assertThat(feature(report, "alcohol").psi())
        .as("red and white wines are about as strong")
        .isLessThan(0.2);
  }

  @Test
  void aStricterPolicyNeedsMoreDriftedFeatures() {
    // PSI of red vs white: total_sulfur_dioxide 4.8, chlorides 4.3, the others lower
    DriftPolicy policy = new DriftPolicy(4.5, 1, 0.01, 100, 0.1);
    DriftReport report = new DriftCalculator(policy).compare(redProfile, whiteRows, features);
    assertThat(report.driftedFeatures()).containsExactly("total_sulfur_dioxide");
    assertThat(report.drifted()).isTrue();
    DriftPolicy many = new DriftPolicy(0.2, 12, 0.01, 100, 0.1);
    DriftReport none = new DriftCalculator(many).compare(redProfile, whiteRows, features);
    assertThat(none.drifted()).isFalse();
    assertThat(none.driftedFeatures()).isNotEmpty();
    assertThat(none.summary()).contains("the policy needs 12");
  }

  @Test
  void aSmallWindowIsInsufficientDataAndNeverDrifted() {
    DriftReport report = calculator.compare(redProfile, whiteRows.subList(0, 99), features);
    assertThat(report.sufficient()).isFalse();
    assertThat(report.drifted()).isFalse();
    assertThat(report.summary()).isEqualTo("insufficient data: 99 rows, the policy needs 100");
    assertThat(report.features()).noneMatch(FeatureDrift::drifted);
    assertThat(feature(report, "total_sulfur_dioxide").psi())
        .as("figures are still reported")
        .isGreaterThan(0.2);

    DriftReport empty = calculator.compare(redProfile, List.of(), features);
    assertThat(empty.sufficient()).isFalse();
    assertThat(empty.features())
        .allSatisfy(
            f -> {
              assertThat(f.psi()).isNull();
              assertThat(f.missingShareWindow()).isZero();
            });
  }

  @Test
  void aRiseInMissingValuesIsDrift() {
    List<Map<String, Object>> window = new ArrayList<>();
    for (int i = 0; i < redRows.size(); i++) {
      Map<String, Object> row = new HashMap<>(redRows.get(i));
      if (i % 4 == 0) {
        row.remove("alcohol");
      } else if (i % 4 == 1) {
        row.put("alcohol", null);
      } else if (i % 20 == 2) {
        row.put("pH", "NA");
      }
      window.add(row);
    }
    DriftReport report = calculator.compare(redProfile, window, features);
    FeatureDrift alcohol = feature(report, "alcohol");
    assertThat(alcohol.missingShareBaseline()).isZero();
    assertThat(alcohol.missingShareWindow()).isCloseTo(0.5, within(0.001));
    assertThat(alcohol.psi()).as("the values that are there are red ones").isLessThan(0.05);
    assertThat(alcohol.drifted()).isTrue();
    FeatureDrift ph = feature(report, "pH");
    assertThat(ph.missingShareWindow()).isCloseTo(0.05, within(0.001));
    assertThat(ph.drifted()).as("below the 0.1 rise of the policy").isFalse();
    assertThat(report.driftedFeatures()).containsExactly("alcohol");
  }

  @Test
  void numbersGivenAsTextCountTheSame() {
    List<Map<String, Object>> asText =
        whiteRows.stream()
            .map(
                r ->
                    r.entrySet().stream()
                        .collect(
                            Collectors.toMap(
                                Map.Entry::getKey, e -> (Object) (" " + e.getValue()))))
            .toList();
    DriftReport numbers = calculator.compare(redProfile, whiteRows, features);
    DriftReport text = calculator.compare(redProfile, asText, features);
    assertThat(text).isEqualTo(numbers);
    Map<String, Object> junk = new HashMap<>(whiteRows.get(0));
    junk.put("alcohol", "twelve");
    DriftReport one =
        new DriftCalculator(new DriftPolicy(0.2, 1, 0.01, 1, 0.1))
            .compare(redProfile, List.of(junk), List.of("alcohol"));
    assertThat(one.features().get(0).missingShareWindow())
        .as("text that is not a number is missing")
        .isEqualTo(1.0);
  }

  private static final String COLORS =
      "color,size\n"
          + "red,1\n".repeat(600)
          + "green,2\n".repeat(300)
          + "blue,3\n".repeat(90)
          + ",4\n".repeat(10);

  private static DatasetProfile colors() {
    return new CsvIngestor()
        .ingest(new ByteArrayInputStream(COLORS.getBytes(StandardCharsets.UTF_8)))
        .profile();
  }

  private static List<Map<String, Object>> colorWindow(
      int red, int green, int blue, int other, int missing) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < red; i++) {
      rows.add(Map.of("color", "red"));
    }
    for (int i = 0; i < green; i++) {
      rows.add(Map.of("color", " green "));
    }
    for (int i = 0; i < blue; i++) {
      rows.add(Map.of("color", "blue"));
    }
    for (int i = 0; i < other; i++) {
      rows.add(Map.of("color", "purple"));
    }
    for (int i = 0; i < missing; i++) {
      rows.add(Map.of());
    }
    return rows;
  }

  @Test
  void aCategoricalFeatureWithTheSameMixDoesNotDrift() {
    DriftReport report =
        calculator.compare(colors(), colorWindow(300, 150, 45, 0, 5), List.of("color"));
    FeatureDrift color = report.features().get(0);
    assertThat(color.type()).isEqualTo("categorical");
    assertThat(color.psi()).isCloseTo(0.0, within(1e-9));
    assertThat(color.chiSquare()).isCloseTo(0.0, within(1e-9));
    assertThat(color.pValue()).isCloseTo(1.0, within(1e-9));
    assertThat(color.missingShareBaseline()).isCloseTo(0.01, within(1e-12));
    assertThat(color.missingShareWindow()).isCloseTo(0.01, within(1e-12));
    assertThat(report.drifted()).isFalse();
  }

  @Test
  void aShiftedCategoricalMixDrifts() {
    // baseline 600/300/90 of 990 present; window 100/150/250 of 500: blue went from 9% to 50%
    DriftReport report =
        calculator.compare(colors(), colorWindow(100, 150, 250, 0, 0), List.of("color"));
    FeatureDrift color = report.features().get(0);
    double[] e = {600 / 990.0, 300 / 990.0, 90 / 990.0};
    double[] a = {0.2, 0.3, 0.5};
    double psi = 0;
    for (int i = 0; i < 3; i++) {
      psi += (a[i] - e[i]) * Math.log(a[i] / e[i]);
    }
    // the "__other__" slot: the baseline has none and neither has the window, so both are epsilon
    // and add 0
    assertThat(color.psi()).isCloseTo(psi, within(1e-12));
    assertThat(color.psi()).isGreaterThan(0.2);
    // 2 x 3 table [[600, 300, 90], [100, 150, 250]]: chi-square of homogeneity by hand
    double chi = chiSquare(new long[][] {{600, 300, 90}, {100, 150, 250}});
    assertThat(color.chiSquare()).isCloseTo(chi, within(1e-9));
    assertThat(color.pValue())
        .isCloseTo(ChiSquare.survival(chi, 2), within(1e-15))
        .isLessThan(1e-10);
    assertThat(report.drifted()).isTrue();
  }

  @Test
  void aSmallButSignificantCategoricalShiftDriftsByChiSquareAlone() {
    // red 60% -> 55%, blue 9% -> 14% over 5,000 rows: PSI stays under 0.2 but the test is sure
    DriftReport report =
        calculator.compare(colors(), colorWindow(2750, 1500, 700, 0, 0), List.of("color"));
    FeatureDrift color = report.features().get(0);
    assertThat(color.psi()).isLessThan(0.2);
    assertThat(color.pValue()).isLessThan(0.01);
    assertThat(color.drifted()).isTrue();
    DriftPolicy psiOnly = new DriftPolicy(0.2, 1, 0.0, 100, 0.1);
    assertThat(
            new DriftCalculator(psiOnly)
                .compare(colors(), colorWindow(2750, 1500, 700, 0, 0), List.of("color"))
                .drifted())
        .isFalse();
  }

  @Test
  void unseenCategoriesCountAsOther() {
    DriftReport report =
        calculator.compare(colors(), colorWindow(270, 135, 40, 55, 0), List.of("color"));
    FeatureDrift color = report.features().get(0);
    // 11% of the window in a category the baseline never saw: (0.11 - 1e-4) ln(0.11 / 1e-4) alone
    // is about 0.77
    assertThat(color.psi()).isGreaterThan(0.7);
    assertThat(color.pValue()).isLessThan(1e-6);
    assertThat(color.drifted()).isTrue();
  }

  @Test
  void categoriesBeyondTheTopValuesAreOther() {
    StringBuilder csv = new StringBuilder("code\n");
    for (int i = 0; i < 60; i++) {
      csv.append(("c" + i + "\n").repeat(i < 50 ? 20 : 10));
    }
    DatasetProfile profile =
        new CsvIngestor()
            .ingest(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)))
            .profile();
    assertThat(profile.columns().get(0).frequencies()).containsEntry(Profiler.OTHER, 100L);
    List<Map<String, Object>> window = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      for (int k = 0; k < 20; k++) {
        window.add(Map.of("code", "c" + i));
      }
    }
    for (int k = 0; k < 100; k++) {
      window.add(Map.of("code", "never-seen-" + k));
    }
    FeatureDrift code = calculator.compare(profile, window, List.of("code")).features().get(0);
    assertThat(code.psi())
        .as("new values stand where the rare ones stood")
        .isCloseTo(0.0, within(1e-9));
    assertThat(code.drifted()).isFalse();
  }

  @Test
  void numbersMatchCategoriesAsTheCsvSpelledThem() {
    assertThat(DriftCalculator.text(3.0)).isEqualTo("3");
    assertThat(DriftCalculator.text(2.50)).isEqualTo("2.5");
    assertThat(DriftCalculator.text(7)).isEqualTo("7");
    assertThat(DriftCalculator.text(" ? ")).isNull();
    assertThat(DriftCalculator.text(true)).isEqualTo("true");
  }

  @Test
  void anUnknownFeatureIsAnError() {
    assertThatThrownBy(() -> calculator.compare(redProfile, redRows, List.of("alcohol", "colour")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature 'colour' is not a column of the training data")
        .hasMessageContaining("alcohol");
  }

  @Test
  void aPolicyRejectsNonsense() {
    assertThatThrownBy(() -> new DriftPolicy(0, 1, 0.01, 100, 0.1))
        .hasMessageContaining("psiThreshold");
    assertThatThrownBy(() -> new DriftPolicy(0.2, 0, 0.01, 100, 0.1))
        .hasMessageContaining("minFeatures");
    assertThatThrownBy(() -> new DriftPolicy(0.2, 1, 2, 100, 0.1))
        .hasMessageContaining("pValueThreshold");
    assertThat(DriftPolicy.defaults()).isEqualTo(new DriftPolicy(0.2, 1, 0.01, 100, 0.1));
    assertThat(DriftPolicy.defaults().numericMethod()).isEqualTo("auto");
    assertThatThrownBy(() -> new DriftPolicy(0.2, 1, 0.01, 100, 0.1, "t-test", 0.05, 0.1))
        .hasMessageContaining("numericMethod must be one of [auto, psi, ks, wasserstein]");
    assertThatThrownBy(() -> new DriftPolicy(0.2, 1, 0.01, 100, 0.1, "ks", 0.05, 0))
        .hasMessageContaining("wassersteinThreshold");
  }

  @Test
  void aReportIsSmallAndSurvivesJson() throws Exception {
    ObjectMapper json = new ObjectMapper();
    DriftReport report = calculator.compare(redProfile, whiteRows, features);
    String text = json.writeValueAsString(report);
    // about 400 characters per feature: method, statistic, threshold and the figures beside it
    assertThat(text.length()).as("figures only, no rows").isLessThan(5000);
    assertThat(json.readValue(text, DriftReport.class)).isEqualTo(report);
    assertThat(json.readValue("{\"windowSize\": 5, \"future\": 1}", DriftReport.class).windowSize())
        .isEqualTo(5);
    assertThat(json.readValue(json.writeValueAsString(DriftPolicy.defaults()), DriftPolicy.class))
        .isEqualTo(DriftPolicy.defaults());
  }

  private static double chiSquare(long[][] table) {
    double total = 0;
    double[] rowSums = new double[table.length];
    double[] colSums = new double[table[0].length];
    for (int r = 0; r < table.length; r++) {
      for (int c = 0; c < table[r].length; c++) {
        rowSums[r] += table[r][c];
        colSums[c] += table[r][c];
        total += table[r][c];
      }
    }
    double chi = 0;
    for (int r = 0; r < table.length; r++) {
      for (int c = 0; c < table[r].length; c++) {
        double expected = rowSums[r] * colSums[c] / total;
        chi += (table[r][c] - expected) * (table[r][c] - expected) / expected;
      }
    }
    return chi;
  }
}
