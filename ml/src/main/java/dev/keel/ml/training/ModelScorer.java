package dev.keel.ml.training;

import dev.keel.ml.artifacts.ArtifactStore;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ListExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Predicts with one stored model for rows given as {@code feature name → number or text}, the way a
 * serving endpoint receives them. Features are mapped as in training: a number is the feature's
 * value, a text is the one-hot feature {@code name=text}; null or absent means missing.
 * Thread-safe: Tribuo models predict concurrently.
 */
public final class ModelScorer implements RowScorer {

  /**
   * One prediction: for a classifier the label and its class probabilities (empty when the model
   * gives none), for a regression model the value.
   */
  public record Scored(String label, Map<String, Double> probabilities, Double value) {}

  private final String artifact;
  private final Model<?> model;
  private final boolean classifier;

  private ModelScorer(String artifact, Model<?> model) {
    this.artifact = artifact;
    this.model = model;
    this.classifier = model.validate(Label.class);
    if (!classifier && !model.validate(Regressor.class)) {
      throw new IllegalArgumentException(
          "artifact " + artifact + " is neither a classifier nor a regression model");
    }
  }

  /** Loads and verifies a model artifact (see {@link ModelArtifacts#get}). */
  public static ModelScorer load(ArtifactStore store, String artifact) {
    return new ModelScorer(artifact, new ModelArtifacts(store).get(artifact));
  }

  public String artifact() {
    return artifact;
  }

  public boolean isClassifier() {
    return classifier;
  }

  /**
   * Scores one row; {@link IllegalArgumentException} naming a value that is neither number nor
   * text.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Scored predict(Map<String, Object> row) {
    ImmutableFeatureMap known = model.getFeatureIDMap();
    ListExample example =
        new ListExample(
            classifier ? LabelFactory.UNKNOWN_LABEL : RegressionFactory.UNKNOWN_REGRESSOR);
    for (Map.Entry<String, Object> e : row.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      if (v instanceof Number n) {
        if (!Double.isNaN(n.doubleValue())) {
          example.add(new Feature(e.getKey(), n.doubleValue()));
        }
      } else if (v instanceof String s) {
        Double number = known.get(e.getKey()) != null ? parse(s) : null;
        example.add(
            number != null
                ? new Feature(e.getKey(), number)
                : new Feature(TrainingData.oneHot(e.getKey(), s.trim()), 1.0));
      } else {
        throw new IllegalArgumentException(
            "feature '"
                + e.getKey()
                + "' is a "
                + v.getClass().getSimpleName()
                + ", expected a number or a text");
      }
    }
    Prediction<?> p = ((Model) model).predict(example);
    if (classifier) {
      Map<String, Double> probabilities = new TreeMap<>();
      if (model.generatesProbabilities()) {
        ((Map<String, Label>) p.getOutputScores())
            .forEach((k, l) -> probabilities.put(k, l.getScore()));
      }
      return new Scored(
          ((Label) p.getOutput()).getLabel(), Collections.unmodifiableMap(probabilities), null);
    }
    return new Scored(null, Map.of(), ((Regressor) p.getOutput()).getValues()[0]);
  }

  @Override
  public java.util.List<Scored> predictAll(java.util.List<Map<String, Object>> rows) {
    return rows.stream().map(this::predict).toList();
  }

  private static Double parse(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
