package dev.keel.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.ml.data.CsvIngestor;
import dev.keel.ml.data.IngestedDataset;
import dev.keel.ml.data.Table;
import dev.keel.workflows.contract.DataValidationPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The data check on the wine data: red wine is the training data; white wine (same columns, other
 * distributions), red wine with holes, and red wine with a colour column are the new versions.
 */
class DataValidatorTest {

  static final Path RED = Path.of("../../shared/data/wine-quality-red.csv");
  static final Path WHITE = Path.of("../../shared/data/wine-quality-white.csv");
  static final DataValidationPolicy DEFAULTS =
      new DataValidationPolicy(null, null, null, null, null);

  static IngestedDataset ingest(Path file, UnaryOperator<List<String>> edit) throws IOException {
    List<String> lines = edit.apply(new ArrayList<>(Files.readAllLines(file)));
    return new CsvIngestor()
        .ingest(
            new ByteArrayInputStream(
                (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  static IngestedDataset ingest(Path file) throws IOException {
    return ingest(file, l -> l);
  }

  static List<String> features(Table table) {
    return table.columns().stream().map(c -> c.name()).filter(n -> !n.equals("quality")).toList();
  }

  @Test
  void theTrainingDataAgainstItselfPasses() throws IOException {
    IngestedDataset red = ingest(RED);

    DataValidator.Report report =
        new DataValidator(DEFAULTS).check(red.profile(), red.table(), features(red.table()));

    assertThat(report.passed()).as(report.problems().toString()).isTrue();
    assertThat(report.columns()).hasSize(11);
    assertThat(report.columns()).allSatisfy(c -> assertThat(c.psi()).isLessThan(1e-9));
    assertThat(report.columns()).allSatisfy(c -> assertThat(c.outOfRangeShare()).isZero());
    assertThat(report.summary()).isEqualTo("no problems in 11 columns");
  }

  @Test
  void whiteWineAgainstRedWineTrainingDataIsOutOfRangeAndDrifted() throws IOException {
    IngestedDataset red = ingest(RED);
    IngestedDataset white = ingest(WHITE);

    DataValidator.Report report =
        new DataValidator(DEFAULTS).check(red.profile(), white.table(), features(white.table()));

    assertThat(report.passed()).isFalse();
    DataValidator.ColumnCheck sulfur =
        report.columns().stream()
            .filter(c -> c.name().equals("total_sulfur_dioxide"))
            .findFirst()
            .orElseThrow();
    // red wine's total sulfur dioxide is 6..289 mg/l; white wine's is mostly far above red's bins
    assertThat(sulfur.psi()).isGreaterThan(1.0);
    assertThat(sulfur.problems())
        .singleElement()
        .satisfies(p -> assertThat(p).startsWith("column 'total_sulfur_dioxide': PSI "));
    // 7 of 4898 white wines are outside red wine's 6..289: 0.14%, under the 1% tolerance
    assertThat(sulfur.outOfRangeShare()).isCloseTo(7 / 4898.0, within(1e-12));
    // 303 white wines are sweeter than the sweetest red (15.5 g/l)
    assertThat(report.problems())
        .contains(
            "column 'residual_sugar': 6.2% of values (303 of 4898) outside the training range"
                + " [0.9, 15.5] (max 1.0%)",
            "column 'density': 8.0% of values (390 of 4898) outside the training range"
                + " [0.99007, 1.00369] (max 1.0%)");
    // only alcohol stays within every bound
    assertThat(report.problems()).noneSatisfy(p -> assertThat(p).contains("'alcohol'"));
    assertThat(report.summary()).startsWith("14 problems in 10 of 11 columns [fixed_acidity, ");
  }

  @Test
  void boundsOfThePolicyDecide() throws IOException {
    IngestedDataset red = ingest(RED);
    IngestedDataset white = ingest(WHITE);

    DataValidator.Report lenient =
        new DataValidator(new DataValidationPolicy("warn", 1.0, 1.0, true, 1000.0))
            .check(red.profile(), white.table(), features(white.table()));

    assertThat(lenient.passed()).as(lenient.problems().toString()).isTrue();
  }

  @Test
  void aRiseOfMissingValuesIsAProblemNamingTheShares() throws IOException {
    IngestedDataset red = ingest(RED);
    // blank the alcohol (last feature column before quality) of every 10th row
    IngestedDataset holes =
        ingest(
            RED,
            lines -> {
              for (int i = 1; i < lines.size(); i += 10) {
                String[] cells = lines.get(i).split(",", -1);
                cells[10] = "";
                lines.set(i, String.join(",", cells));
              }
              return lines;
            });

    DataValidator.Report report =
        new DataValidator(DEFAULTS).check(red.profile(), holes.table(), features(holes.table()));

    assertThat(report.problems())
        .containsExactly(
            "column 'alcohol': missing values rose from 0.0% to 10.0% of rows (+0.100, max +0.05)");
  }

  @Test
  void aCategoryTheTrainingDataLacksIsAProblemUnlessAllowed() throws IOException {
    IngestedDataset training = ingest(RED, withColour(i -> "red"));
    IngestedDataset rose = ingest(RED, withColour(i -> i % 100 == 0 ? "rose" : "red"));
    List<String> features = features(rose.table());

    DataValidator.Report report =
        new DataValidator(new DataValidationPolicy(null, null, null, null, 10.0))
            .check(training.profile(), rose.table(), features);

    assertThat(report.problems())
        .containsExactly(
            "column 'colour': 1 category the training data does not have, in 15 rows: 'rose'"
                + " (15) (new categories are not allowed)");
    DataValidator.ColumnCheck colour =
        report.columns().stream().filter(c -> c.name().equals("colour")).findFirst().orElseThrow();
    assertThat(colour.newCategories()).containsEntry("rose", 15L);

    assertThat(
            new DataValidator(new DataValidationPolicy(null, null, null, true, 10.0))
                .check(training.profile(), rose.table(), features)
                .passed())
        .isTrue();
  }

  @Test
  void beyondFiftyTrainingCategoriesNewOnesAreNotGuessedAndTheSummarySaysSo() throws IOException {
    IngestedDataset training = ingest(RED, withColour(i -> "c" + (i % 60)));
    IngestedDataset other = ingest(RED, withColour(i -> i % 100 == 0 ? "never-seen" : "c1"));

    DataValidator.Report report =
        new DataValidator(new DataValidationPolicy(null, null, null, null, 1000.0))
            .check(training.profile(), other.table(), features(other.table()));

    assertThat(report.passed()).as(report.problems().toString()).isTrue();
    assertThat(report.summary())
        .isEqualTo(
            "no problems in 12 columns (new categories of 'colour' not checked: the training data"
                + " has more than 50 categories)");
  }

  static UnaryOperator<List<String>> withColour(java.util.function.IntFunction<String> colour) {
    return lines -> {
      lines.set(0, lines.get(0) + ",colour");
      for (int i = 1; i < lines.size(); i++) {
        lines.set(i, lines.get(i) + "," + colour.apply(i));
      }
      return lines;
    };
  }
}
