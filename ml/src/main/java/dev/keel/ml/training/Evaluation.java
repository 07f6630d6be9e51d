package dev.keel.ml.training;

import dev.keel.ml.data.Table;
import dev.keel.workflows.contract.Binarize;
import dev.keel.workflows.contract.ModelSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/** Scores a model on holdout examples and turns its predictions into {@link Metrics}. */
public final class Evaluation {

  private Evaluation() {}

  /**
   * Metrics of the model on the examples; {@link IllegalArgumentException} when the model does not
   * fit them.
   */
  public static Map<String, Double> score(
      Model<?> model, List<? extends Example<?>> examples, ModelSpec spec) {
    if (spec.isClassification()) {
      if (!model.validate(Label.class)) {
        throw new IllegalArgumentException("the model is not a classifier");
      }
      return classification(model, examples, spec);
    }
    if (!model.validate(Regressor.class)) {
      throw new IllegalArgumentException("the model is not a regression model");
    }
    return regression(model, examples);
  }

  /**
   * Why the model cannot be scored on this table (a feature it needs is absent), or null when it
   * can.
   */
  public static String missingInputs(Model<?> model, Table table) {
    TreeSet<String> missing = new TreeSet<>();
    for (VariableInfo info : model.getFeatureIDMap()) {
      String name = info.getName();
      boolean present =
          table.column(name).isPresent()
              || table.columns().stream()
                  .anyMatch(c -> !c.isNumeric() && name.startsWith(c.name() + "="));
      if (!present) {
        missing.add(name.contains("=") ? name.substring(0, name.indexOf('=')) : name);
      }
    }
    return missing.isEmpty()
        ? null
        : "the model needs columns " + missing + " that the dataset does not have";
  }

  private static Map<String, Double> classification(
      Model<?> model, List<? extends Example<?>> examples, ModelSpec spec) {
    List<String> actual = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    List<Map<String, Double>> scores = new ArrayList<>();
    for (Example<?> example : examples) {
      Prediction<Label> p = predict(model, example);
      actual.add(((Label) example.getOutput()).getLabel());
      predicted.add(p.getOutput().getLabel());
      Map<String, Double> s = new HashMap<>();
      p.getOutputScores().forEach((label, l) -> s.put(label, l.getScore()));
      scores.add(s);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", Metrics.accuracy(actual, predicted));
    metrics.put("macroF1", Metrics.macroF1(actual, predicted));
    if (model.generatesProbabilities()) {
      metrics.put("logLoss", Metrics.logLoss(actual, scores));
    }
    TreeSet<String> classes = new TreeSet<>(actual);
    model.getOutputIDInfo().getDomain().forEach(l -> classes.add(((Label) l).getLabel()));
    if (classes.size() == 2) {
      String positive = positiveClass(spec, classes);
      boolean[] isPositive = new boolean[actual.size()];
      double[] score = new double[actual.size()];
      for (int i = 0; i < actual.size(); i++) {
        isPositive[i] = actual.get(i).equals(positive);
        Double s = scores.get(i).get(positive);
        if (s == null) {
          return metrics; // a model that gives no score for the positive class has no ROC curve
        }
        score[i] = s;
      }
      double auc = Metrics.rocAuc(isPositive, score);
      if (!Double.isNaN(auc)) {
        metrics.put("rocAuc", auc);
      }
    }
    return metrics;
  }

  private static String positiveClass(ModelSpec spec, TreeSet<String> classes) {
    if (spec.binarize() != null) {
      return Binarize.POSITIVE;
    }
    if (spec.positiveClass() != null) {
      if (!classes.contains(spec.positiveClass())) {
        throw new IllegalArgumentException(
            "positiveClass '" + spec.positiveClass() + "' is not one of the classes " + classes);
      }
      return spec.positiveClass();
    }
    return classes.last();
  }

  private static Map<String, Double> regression(
      Model<?> model, List<? extends Example<?>> examples) {
    double[] actual = new double[examples.size()];
    double[] predicted = new double[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      Prediction<Regressor> p = predict(model, examples.get(i));
      actual[i] = ((Regressor) examples.get(i).getOutput()).getValues()[0];
      predicted[i] = p.getOutput().getValues()[0];
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("rmse", Metrics.rmse(actual, predicted));
    metrics.put("mae", Metrics.mae(actual, predicted));
    double r2 = Metrics.r2(actual, predicted);
    if (!Double.isNaN(r2)) {
      metrics.put("r2", r2);
    }
    return metrics;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T extends Output<T>> Prediction<T> predict(Model<?> model, Example<?> example) {
    return ((Model) model).predict(example);
  }
}
