package dev.keel.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.keel.ml.training.ModelScorer.Scored;
import dev.keel.testkit.WineOnnx;
import dev.keel.workflows.contract.ColumnSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * ONNX Runtime's predictions of Tribuo-exported models equal Tribuo's own, in every layout Keel
 * serves.
 */
class OnnxScorerTest {

  static WineOnnx.Trained<Label> classifier;
  static WineOnnx.Trained<Regressor> regression;
  static List<Map<String, Object>> rows;

  @BeforeAll
  static void train() {
    classifier = WineOnnx.classifier();
    regression = WineOnnx.regression();
    rows = WineOnnx.rows().subList(0, 200);
  }

  @Test
  void matrixClassifierWithGivenNamesAndLabelsMatchesTribuo() {
    OnnxSpec spec =
        OnnxInspector.inspect(
            classifier.onnx(), new OnnxHints(null, classifier.features(), classifier.labels()));
    assertThat(spec.layout()).isEqualTo(OnnxSpec.MATRIX);
    assertThat(spec.task()).isEqualTo(OnnxSpec.CLASSIFICATION);
    assertThat(spec.signature())
        .extracting(ColumnSpec::name)
        .containsExactlyElementsOf(classifier.features());
    try (OnnxScorer scorer = OnnxScorer.open(classifier.onnx(), spec)) {
      assertMatchesTribuo(scorer.predictAll(rows));
    }
  }

  @Test
  void perFeatureInputsNeedNoNames() {
    byte[] onnx = WineOnnx.perFeatureInputs(classifier.onnx(), classifier.features());
    OnnxSpec spec = OnnxInspector.inspect(onnx, new OnnxHints(null, null, classifier.labels()));
    assertThat(spec.layout()).isEqualTo(OnnxSpec.COLUMNS);
    assertThat(spec.signature())
        .extracting(ColumnSpec::name)
        .containsExactlyElementsOf(classifier.features());
    assertThat(spec.signature()).extracting(ColumnSpec::type).containsOnly(ColumnSpec.NUMERIC);
    try (OnnxScorer scorer = OnnxScorer.open(onnx, spec)) {
      assertMatchesTribuo(scorer.predictAll(rows));
    }
  }

  @Test
  void sklearnLabelAndZipMapOutputsGiveLabelAndProbabilities() {
    byte[] onnx = WineOnnx.sklearnStyle(classifier.onnx(), classifier.labels());
    OnnxSpec spec = OnnxInspector.inspect(onnx, new OnnxHints(null, classifier.features(), null));
    assertThat(spec.labelOutput()).isEqualTo("output_label");
    assertThat(spec.scoresOutput()).isEqualTo("output_probability");
    try (OnnxScorer scorer = OnnxScorer.open(onnx, spec)) {
      assertMatchesTribuo(scorer.predictAll(rows));
    }
  }

  @Test
  void mlmodelColumnSignatureAndMetadataLabelsNameAMatrixModel() {
    String columns =
        String.join(
            ", ",
            classifier.features().stream()
                .map(f -> "{\"type\": \"double\", \"name\": \"" + f + "\", \"required\": true}")
                .toList());
    String mlmodel =
        """
        artifact_path: model
        flavors:
          onnx:
            data: model.onnx
            onnx_version: 1.16.0
        signature:
          inputs: '[%s]'
          outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 6]}}]'
        metadata:
          labels: [%s]
        """
            .formatted(
                columns,
                String.join(", ", classifier.labels().stream().map(l -> "'" + l + "'").toList()));
    OnnxSpec spec = OnnxInspector.inspect(classifier.onnx(), new OnnxHints(mlmodel, null, null));
    assertThat(spec.labels()).isEqualTo(classifier.labels());
    try (OnnxScorer scorer = OnnxScorer.open(classifier.onnx(), spec)) {
      assertMatchesTribuo(scorer.predictAll(rows));
    }
  }

  @Test
  void regressionMatchesTribuo() {
    OnnxSpec spec =
        OnnxInspector.inspect(regression.onnx(), new OnnxHints(null, regression.features(), null));
    assertThat(spec.task()).isEqualTo(OnnxSpec.REGRESSION);
    try (OnnxScorer scorer = OnnxScorer.open(regression.onnx(), spec)) {
      List<Scored> scored = scorer.predictAll(rows);
      for (int i = 0; i < rows.size(); i++) {
        assertThat(scored.get(i).label()).isNull();
        assertThat(scored.get(i).value())
            .isCloseTo(regression.tribuo(rows.get(i)).get("value"), within(1e-4));
      }
    }
  }

  @Test
  void oneSessionScoresConcurrentRequests() throws Exception {
    OnnxSpec spec =
        OnnxInspector.inspect(
            classifier.onnx(), new OnnxHints(null, classifier.features(), classifier.labels()));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (OnnxScorer scorer = OnnxScorer.open(classifier.onnx(), spec)) {
      List<Future<List<Scored>>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 16; t++) {
        results.add(pool.submit(() -> scorer.predictAll(rows)));
      }
      for (Future<List<Scored>> f : results) {
        assertMatchesTribuo(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aMatrixInputWithoutFeatureNamesIsRefusedNamingWhereToGiveThem() {
    assertThatThrownBy(
            () ->
                OnnxInspector.inspect(
                    classifier.onnx(), new OnnxHints(null, null, classifier.labels())))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining("input 'input' is one float tensor [N,11] without feature names")
        .hasMessageContaining("'features'")
        .hasMessageContaining("keel.features");
  }

  @Test
  void classScoresWithoutLabelsAreRefused() {
    assertThatThrownBy(
            () ->
                OnnxInspector.inspect(
                    classifier.onnx(), new OnnxHints(null, classifier.features(), null)))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining("gives 6 class scores")
        .hasMessageContaining("no class labels were given");
  }

  @Test
  void wrongNumberOfFeatureNamesIsRefused() {
    assertThatThrownBy(
            () ->
                OnnxInspector.inspect(
                    classifier.onnx(),
                    new OnnxHints(null, List.of("alcohol", "pH"), classifier.labels())))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining("has 11 columns but 2 feature names were given");
  }

  @Test
  void bytesThatAreNotAnOnnxModelAreRefused() {
    byte[] broken = Arrays.copyOf(classifier.onnx(), classifier.onnx().length / 3);
    assertThatThrownBy(() -> OnnxInspector.inspect(broken, OnnxHints.NONE))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining("ONNX Runtime cannot load the model");
    assertThatThrownBy(() -> OnnxInspector.inspect("not a model".getBytes(), OnnxHints.NONE))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining("ONNX Runtime cannot load the model");
  }

  @Test
  void malformedMlmodelIsRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                OnnxInspector.inspect(
                    classifier.onnx(),
                    new OnnxHints(
                        "signature:\n  inputs: '[{\"type\": \"binary\", \"name\": \"blob\"}]'\n",
                        null,
                        null)))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining("signature.inputs[0] (blob): column type 'binary' cannot be served");
  }

  private static void assertMatchesTribuo(List<Scored> scored) {
    assertThat(scored).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Double> expected = classifier.tribuo(rows.get(i));
      Scored s = scored.get(i);
      assertThat(s.probabilities().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (Map.Entry<String, Double> e : expected.entrySet()) {
        assertThat(s.probabilities().get(e.getKey()))
            .as("row %d class %s", i, e.getKey())
            .isCloseTo(e.getValue(), within(1e-5));
      }
      String best =
          expected.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      assertThat(s.label()).as("row %d", i).isEqualTo(best);
    }
  }
}
