package dev.keel.ml.training;

import java.util.List;
import java.util.Map;

/**
 * Scores rows given as {@code feature name → number or text}, the way a serving endpoint receives
 * them: a Keel (Tribuo) model or an imported ONNX model. Implementations are thread-safe.
 */
public interface RowScorer {

  /** One prediction per row, in order. */
  List<ModelScorer.Scored> predictAll(List<Map<String, Object>> rows);
}
