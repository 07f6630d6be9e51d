package dev.keel.ml.onnx;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.keel.workflows.contract.ColumnSpec;
import java.util.List;

/**
 * How ONNX Runtime feeds and reads one imported model, worked out once at import by {@link
 * OnnxInspector} and stored with the version, so that serving never guesses.
 *
 * @param layout {@link #COLUMNS}: one input tensor per feature, shaped [N,1] or [N], named as the
 *     feature; {@link #MATRIX}: one float (or double) input [N,k] whose columns are {@code
 *     features} in order
 * @param matrixInput the name of the single input, for {@link #MATRIX}
 * @param features the features in feeding order, each with the element type of the tensor that
 *     carries it
 * @param task {@code classification} or {@code regression}
 * @param scoresOutput the output read for scores: class probabilities [N,classes] (or a sequence of
 *     maps, for the sklearn-onnx convention), or the regression value [N,1] / [N]
 * @param labelOutput the output holding the predicted label (sklearn-onnx convention), or null
 * @param labels class labels in the column order of a [N,classes] scores tensor; null when the
 *     label comes from {@code labelOutput} or the model is a regression
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OnnxSpec(
    String layout,
    String matrixInput,
    List<Feature> features,
    String task,
    String scoresOutput,
    String labelOutput,
    List<String> labels) {

  public static final String COLUMNS = "columns";
  public static final String MATRIX = "matrix";
  public static final String CLASSIFICATION = "classification";
  public static final String REGRESSION = "regression";

  /**
   * One feature: its name, Keel's type ({@code numeric} or {@code categorical}), and the ONNX
   * element type that carries it ({@code float}, {@code double}, {@code int64}, {@code int32} or
   * {@code string}).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Feature(String name, String type, String tensorType, int rank) {}

  public OnnxSpec {
    features = List.copyOf(features);
    labels = labels == null ? null : List.copyOf(labels);
  }

  /** The input signature Keel checks prediction requests against. */
  @JsonIgnore
  public List<ColumnSpec> signature() {
    return features.stream().map(f -> new ColumnSpec(f.name(), f.type())).toList();
  }

  @JsonIgnore
  public boolean classifier() {
    return CLASSIFICATION.equals(task);
  }
}
