package dev.keel.ml.onnx;

import java.util.List;

/**
 * What is known of a model besides its ONNX graph: its MLmodel file (text, or null when the model
 * has none), and feature names and class labels given by a version tag or a release parameter (null
 * when not given). Given names win over the MLmodel file's.
 */
public record OnnxHints(String mlmodel, List<String> features, List<String> labels) {

  public static final OnnxHints NONE = new OnnxHints(null, null, null);

  public OnnxHints {
    features = features == null || features.isEmpty() ? null : List.copyOf(features);
    labels = labels == null || labels.isEmpty() ? null : List.copyOf(labels);
  }
}
