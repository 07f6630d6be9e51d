package dev.keel.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The typo advice of unknown fields and parameters: which known name a typed one is taken for, if
 * any.
 */
class SuggestionsTest {

  static final List<String> DEFINITION =
      List.of(
          "name",
          "task",
          "target",
          "binarize",
          "positiveClass",
          "exclude",
          "trainer",
          "gates",
          "schema",
          "holdoutFraction",
          "seed",
          "compareWithChampion",
          "pipeline",
          "computeQueue",
          "description",
          "dataset",
          "release",
          "monitoring",
          "sweep",
          "subjectColumn");
  static final List<String> XGBOOST = List.of("eta", "maxDepth", "subsample", "threads", "trees");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "gatez, gates", // one substitution
        "gate, gates", // one deletion
        "trainers, trainer", // one insertion
        "tagret, target", // neighbours swapped (Damerau): one edit, not two
        "holdOutFraction, holdoutFraction", // case only
        "SEED, seed",
        "holdout, holdoutFraction", // a prefix of a known name
        "subject, subjectColumn",
        "compareWithChampions, compareWithChampion",
        "colour, none", // nothing close: no guess
        "x, none",
        "datasetVersion, dataset", // contains a known name
        "pipelines, pipeline",
        "exlcude, exclude",
        "schemas, schema",
      })
  void suggestsAModelDefinitionField(String typed, String expected) {
    assertThat(Suggestions.closest(typed, DEFINITION).orElse(null)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "tres, trees",
        "tree, trees",
        "maxDepht, maxDepth",
        "depth, maxDepth",
        "max_depth, maxDepth",
        "thread, threads",
        "ETA, eta",
        "learningRate, none",
        "zzz, none",
        "n_estimators, none",
        "metadata, none", // contains 'eta', but a name of 3 letters is too short to be found inside
        // another
      })
  void suggestsAnXgboostParameter(String typed, String expected) {
    assertThat(Suggestions.closest(typed, XGBOOST).orElse(null)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} vs {1} = {2}")
  @CsvSource({
    "'', '', 0",
    "abc, '', 3",
    "kitten, sitting, 3",
    "ca, ac, 1",
    "tres, trees, 1",
    "maxDepht, maxDepth, 1",
    "abc, abc, 0",
  })
  void countsEditsWithSwapsOfNeighboursAsOne(String a, String b, int expected) {
    assertThat(Suggestions.distance(a, b)).isEqualTo(expected);
    assertThat(Suggestions.distance(b, a)).isEqualTo(expected);
  }

  @Test
  void hintsTheClosestNameWithItsPathOrListsTheKnownNamesSorted() {
    assertThat(Suggestions.hint("shares", List.of("windowSeconds", "share"), "release.canary."))
        .isEqualTo("did you mean 'release.canary.share'?");
    assertThat(Suggestions.hint("colour", List.of("task", "name"), ""))
        .isEqualTo("expected one of [name, task]");
  }
}
