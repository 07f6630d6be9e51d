package dev.keel.ml.training;

import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.TrainerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tribuo.Trainer;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * The learning algorithms a model may name, with their hyperparameters and defaults. Every call
 * builds a fresh trainer seeded from {@code spec.seed()}: a Tribuo trainer's random state advances
 * with each training, so reusing one would make retrained models differ.
 *
 * <p>Classification: {@code logistic}, {@code cart}, {@code random-forest}, {@code xgboost}.
 * Regression: {@code linear}, {@code cart}, {@code random-forest}, {@code xgboost}. Linear models
 * standardise their inputs (mean 0, standard deviation 1) inside the model, so the same scaling
 * applies at prediction time.
 */
public final class Algorithms {

  public static final List<String> CLASSIFICATION =
      List.of("logistic", "cart", "random-forest", "xgboost");
  public static final List<String> REGRESSION =
      List.of("linear", "cart", "random-forest", "xgboost");

  private Algorithms() {}

  /** A fresh trainer that scales no features; for checking a spec before any data is read. */
  public static <T extends org.tribuo.Output<T>> Trainer<T> trainer(ModelSpec spec) {
    return trainer(spec, Set.of());
  }

  /**
   * A fresh trainer for the spec; {@link IllegalArgumentException} naming an unknown algorithm or
   * parameter.
   *
   * @param scaled the features a linear model standardises: the numeric ones that vary. One-hot
   *     features stay 0/1 (Tribuo fits the scaling on present values only, which are all 1 for a
   *     one-hot feature), and a missing value stays absent, which after standardisation means the
   *     training mean.
   */
  @SuppressWarnings("unchecked")
  public static <T extends org.tribuo.Output<T>> Trainer<T> trainer(
      ModelSpec spec, Set<String> scaled) {
    TrainerSpec t = spec.trainer();
    if (t == null || t.algorithm() == null) {
      throw new IllegalArgumentException(
          "no trainer algorithm given; expected one of "
              + (spec.isClassification() ? CLASSIFICATION : REGRESSION));
    }
    Params p = new Params(t.algorithm(), t.params());
    Trainer<?> trainer = build(spec.task(), t.algorithm(), p, spec.seed(), scaled);
    p.rejectUnused();
    return (Trainer<T>) trainer;
  }

  /**
   * The names of the parameters {@code algorithm} takes for {@code task} (every one optional, with
   * a default); {@link IllegalArgumentException} when the task has no such algorithm.
   */
  public static SortedSet<String> parameters(String task, String algorithm) {
    Params p = new Params(algorithm, Map.of());
    build(task, algorithm, p, 0, Set.of());
    return new TreeSet<>(p.accepted);
  }

  private static Trainer<?> build(
      String task, String algorithm, Params p, long seed, Set<String> scaled) {
    if (ModelSpec.CLASSIFICATION.equals(task)) {
      return switch (algorithm) {
        case "logistic" ->
            scaled(
                scaled,
                new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
                    new LogMulticlass(),
                    new AdaGrad(p.dbl("learningRate", 0.5), 1e-6),
                    p.integer("epochs", 10),
                    Integer.MAX_VALUE,
                    p.integer("minibatchSize", 1),
                    seed));
        case "cart" ->
            new CARTClassificationTrainer(
                p.integer("maxDepth", 6),
                p.flt("minChildWeight", 5f),
                0f,
                1f,
                false,
                new GiniIndex(),
                seed);
        case "random-forest" ->
            new RandomForestTrainer<>(
                new CARTClassificationTrainer(
                    p.integer("maxDepth", 12),
                    p.flt("minChildWeight", 2f),
                    0f,
                    (float) p.fraction("featureFraction", 0.5),
                    false,
                    new GiniIndex(),
                    seed),
                new VotingCombiner(),
                p.integer("trees", 50),
                seed);
        case "xgboost" ->
            new XGBoostClassificationTrainer(
                p.integer("trees", 50),
                p.dbl("eta", 0.3),
                0,
                p.integer("maxDepth", 6),
                1,
                p.fraction("subsample", 1),
                1,
                1,
                0,
                p.integer("threads", 1),
                true,
                seed);
        default -> throw unknown(algorithm, CLASSIFICATION, task);
      };
    }
    return switch (algorithm) {
      case "linear" ->
          scaled(
              scaled,
              new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                  new SquaredLoss(),
                  new AdaGrad(p.dbl("learningRate", 0.1), 1e-6),
                  p.integer("epochs", 20),
                  Integer.MAX_VALUE,
                  p.integer("minibatchSize", 1),
                  seed));
      case "cart" ->
          new CARTRegressionTrainer(
              p.integer("maxDepth", 6),
              p.flt("minChildWeight", 5f),
              0f,
              1f,
              false,
              new MeanSquaredError(),
              seed);
      case "random-forest" ->
          new RandomForestTrainer<>(
              new CARTRegressionTrainer(
                  p.integer("maxDepth", 12),
                  p.flt("minChildWeight", 2f),
                  0f,
                  (float) p.fraction("featureFraction", 0.5),
                  false,
                  new MeanSquaredError(),
                  seed),
              new AveragingCombiner(),
              p.integer("trees", 50),
              seed);
      case "xgboost" ->
          new XGBoostRegressionTrainer(
              XGBoostRegressionTrainer.RegressionType.LINEAR,
              p.integer("trees", 50),
              p.dbl("eta", 0.1),
              0,
              p.integer("maxDepth", 6),
              1,
              p.fraction("subsample", 1),
              1,
              1,
              0,
              p.integer("threads", 1),
              true,
              seed);
      default -> throw unknown(algorithm, REGRESSION, task);
    };
  }

  private static <T extends org.tribuo.Output<T>> Trainer<T> scaled(
      Set<String> features, Trainer<T> inner) {
    Map<String, List<Transformation>> perFeature = new TreeMap<>();
    features.forEach(f -> perFeature.put(f, List.of(new MeanStdDevTransformation())));
    return new TransformTrainer<>(inner, new TransformationMap(List.of(), perFeature));
  }

  private static IllegalArgumentException unknown(
      String algorithm, List<String> accepted, String task) {
    return new IllegalArgumentException(
        "unknown algorithm '" + algorithm + "' for " + task + ", expected one of " + accepted);
  }

  /**
   * Reads string parameters, remembering which ones were accepted so that the rest can be rejected.
   */
  private static final class Params {
    private final String algorithm;
    private final Map<String, String> values;
    private final List<String> accepted = new ArrayList<>();

    Params(String algorithm, Map<String, String> values) {
      this.algorithm = algorithm;
      this.values = new HashMap<>(values);
    }

    int integer(String name, int fallback) {
      return parse(
          name,
          fallback,
          "an integer",
          s -> {
            int v = Integer.parseInt(s);
            if (v < 1) {
              throw new NumberFormatException();
            }
            return v;
          });
    }

    double dbl(String name, double fallback) {
      return parse(
          name,
          fallback,
          "a positive number",
          s -> {
            double v = Double.parseDouble(s);
            if (!(v > 0) || Double.isInfinite(v)) {
              throw new NumberFormatException();
            }
            return v;
          });
    }

    double fraction(String name, double fallback) {
      return parse(
          name,
          fallback,
          "a number in (0, 1]",
          s -> {
            double v = Double.parseDouble(s);
            if (!(v > 0 && v <= 1)) {
              throw new NumberFormatException();
            }
            return v;
          });
    }

    float flt(String name, float fallback) {
      return (float) dbl(name, fallback);
    }

    private <V> V parse(
        String name, V fallback, String expected, java.util.function.Function<String, V> parser) {
      accepted.add(name);
      String raw = values.get(name);
      if (raw == null) {
        return fallback;
      }
      try {
        return parser.apply(raw.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "parameter '"
                + name
                + "' of algorithm '"
                + algorithm
                + "' is '"
                + raw
                + "', expected "
                + (fallback instanceof Integer ? "a positive integer" : expected));
      }
    }

    void rejectUnused() {
      TreeSet<String> unknown = new TreeSet<>(values.keySet());
      unknown.removeAll(accepted);
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException(
            "unknown parameter"
                + (unknown.size() > 1 ? "s " : " ")
                + unknown
                + " for algorithm '"
                + algorithm
                + "', accepted: "
                + new TreeSet<>(accepted));
      }
    }
  }
}
