package dev.keel.ml.training;

import dev.keel.ml.data.Column;
import dev.keel.ml.data.ModelColumns;
import dev.keel.ml.data.Table;
import dev.keel.workflows.contract.Binarize;
import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ListExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * A table turned into Tribuo examples for one model, split deterministically into training and
 * holdout rows.
 *
 * <p>Features are {@link ModelColumns#features}: a numeric column becomes a feature of the same
 * name, a categorical one a one-hot feature {@code column=value}; a missing value leaves the
 * feature out. Rows without a target are dropped. The labelled rows are shuffled with {@code
 * spec.seed()} and the first {@code round(n × holdoutFraction)} form the holdout, so training and
 * evaluation see the same split.
 *
 * @param features the model's input signature
 * @param trainRows table row indices used for training, ascending
 * @param holdoutRows table row indices held out, ascending
 */
public record TrainingData<T extends Output<T>>(
    OutputFactory<T> factory,
    List<ColumnSpec> features,
    List<Integer> trainRows,
    List<Integer> holdoutRows,
    List<Example<T>> train,
    List<Example<T>> holdout) {

  static final double DEFAULT_HOLDOUT = 0.2;

  /**
   * Builds the examples and the split; throws {@link IllegalArgumentException} for a target or
   * column that does not fit.
   */
  public static TrainingData<?> of(Table table, ModelSpec spec) {
    List<ColumnSpec> features = ModelColumns.features(table.specs(), spec);
    for (ColumnSpec f : features) {
      if (table.column(f.name()).isEmpty()) {
        throw new IllegalArgumentException(
            "feature column '"
                + f.name()
                + "' is not in the dataset; columns: "
                + table.specs().stream().map(ColumnSpec::name).toList());
      }
    }
    Column target =
        table
            .column(spec.target())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "target column '"
                            + spec.target()
                            + "' is not in the dataset; columns: "
                            + table.specs().stream().map(ColumnSpec::name).toList()));
    if (spec.isClassification()) {
      return build(table, spec, features, new LabelFactory(), labeller(target, spec.binarize()));
    }
    if (ModelSpec.REGRESSION.equals(spec.task())) {
      if (!target.isNumeric()) {
        throw new IllegalArgumentException(
            "regression target '" + target.name() + "' is not numeric");
      }
      return build(
          table,
          spec,
          features,
          new RegressionFactory(),
          row ->
              Double.isNaN(target.numbers()[row])
                  ? null
                  : new Regressor(target.name(), target.numbers()[row]));
    }
    throw new IllegalArgumentException(
        "unknown task '"
            + spec.task()
            + "', expected one of "
            + List.of(ModelSpec.CLASSIFICATION, ModelSpec.REGRESSION));
  }

  private static RowOutput<Label> labeller(Column target, Binarize binarize) {
    if (binarize == null) {
      return row -> target.isMissing(row) ? null : new Label(target.values()[row]);
    }
    if (!target.isNumeric()) {
      throw new IllegalArgumentException(
          "binarize needs a numeric target, but '" + target.name() + "' is categorical");
    }
    binarize.test(0); // fails early on an unknown operator
    return row ->
        Double.isNaN(target.numbers()[row])
            ? null
            : new Label(
                binarize.test(target.numbers()[row]) ? Binarize.POSITIVE : Binarize.NEGATIVE);
  }

  private interface RowOutput<T> {
    T at(int row);
  }

  private static <T extends Output<T>> TrainingData<T> build(
      Table table,
      ModelSpec spec,
      List<ColumnSpec> features,
      OutputFactory<T> factory,
      RowOutput<T> outputs) {
    List<Integer> labelled = new ArrayList<>();
    for (int row = 0; row < table.rows(); row++) {
      if (outputs.at(row) != null) {
        labelled.add(row);
      }
    }
    if (labelled.size() < 2) {
      throw new IllegalArgumentException(
          "the dataset has "
              + labelled.size()
              + " rows with a value of target '"
              + spec.target()
              + "'; at least 2 are needed");
    }
    List<Integer> shuffled = new ArrayList<>(labelled);
    Collections.shuffle(shuffled, new Random(spec.seed()));
    int holdoutCount = holdoutCount(labelled.size(), spec.holdoutFraction());
    List<Integer> holdoutRows = sorted(shuffled.subList(0, holdoutCount));
    List<Integer> trainRows = sorted(shuffled.subList(holdoutCount, shuffled.size()));
    List<Column> columns =
        features.stream().map(f -> table.column(f.name()).orElseThrow()).toList();
    return new TrainingData<>(
        factory,
        features,
        trainRows,
        holdoutRows,
        trainRows.stream().map(r -> example(outputs.at(r), columns, r)).toList(),
        holdoutRows.stream().map(r -> example(outputs.at(r), columns, r)).toList());
  }

  /**
   * For a sweep trial: the training rows split again, deterministically by {@code seed}, into rows
   * to train on and a validation split of {@code fraction} of them, returned as the "holdout" of a
   * new TrainingData. The real holdout is not in it.
   */
  public TrainingData<T> validationSplit(double fraction, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < trainRows.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    if (trainRows.size() < 2) {
      throw new IllegalArgumentException(
          "a sweep needs at least 2 training rows to carve a validation split; there are "
              + trainRows.size());
    }
    int count = holdoutCount(trainRows.size(), fraction);
    List<Integer> validation = sorted(order.subList(0, count));
    List<Integer> rest = sorted(order.subList(count, order.size()));
    return new TrainingData<>(
        factory,
        features,
        rest.stream().map(trainRows::get).toList(),
        validation.stream().map(trainRows::get).toList(),
        rest.stream().map(train::get).toList(),
        validation.stream().map(train::get).toList());
  }

  /**
   * Trains {@code spec}'s algorithm on the training rows ({@code source} names the data in the
   * model's provenance): what the train activity and a trial do once the data is loaded.
   */
  public Model<T> fit(ModelSpec spec, String source) {
    MutableDataset<T> dataset =
        new MutableDataset<>(new SimpleDataSourceProvenance(source, factory), factory);
    dataset.addAll(train);
    Trainer<T> trainer = Algorithms.trainer(spec, varyingNumericFeatures());
    return trainer.train(dataset);
  }

  /**
   * Numeric features that take at least two distinct values in the training rows: those worth
   * standardising.
   */
  public Set<String> varyingNumericFeatures() {
    Set<String> numeric = new HashSet<>();
    features.stream()
        .filter(f -> ColumnSpec.NUMERIC.equals(f.type()))
        .forEach(f -> numeric.add(f.name()));
    Map<String, Double> first = new HashMap<>();
    Set<String> varying = new TreeSet<>();
    for (Example<T> example : train) {
      for (Feature f : example) {
        if (numeric.contains(f.getName())) {
          Double seen = first.putIfAbsent(f.getName(), f.getValue());
          if (seen != null && seen != f.getValue()) {
            varying.add(f.getName());
          }
        }
      }
    }
    return varying;
  }

  /**
   * The holdout rows again, with every column of the table except the target as features: for
   * scoring a model (such as the champion) whose input signature may differ from this spec's.
   */
  public List<Example<T>> holdoutWithAllColumns(Table table, String target) {
    List<Column> columns = table.columns().stream().filter(c -> !c.name().equals(target)).toList();
    List<Example<T>> examples = new ArrayList<>();
    for (int i = 0; i < holdoutRows.size(); i++) {
      examples.add(example(holdout.get(i).getOutput(), columns, holdoutRows.get(i)));
    }
    return examples;
  }

  static int holdoutCount(int labelled, double fraction) {
    double f = fraction > 0 && fraction < 1 ? fraction : DEFAULT_HOLDOUT;
    return (int) Math.max(1, Math.min(labelled - 1, Math.round(labelled * f)));
  }

  /** One table row as an example of the given columns. */
  static <T extends Output<T>> Example<T> example(T output, List<Column> columns, int row) {
    ListExample<T> example = new ListExample<>(output);
    for (Column c : columns) {
      if (c.isMissing(row)) {
        continue;
      }
      if (c.isNumeric()) {
        if (!Double.isNaN(c.numbers()[row])) {
          example.add(new Feature(c.name(), c.numbers()[row]));
        }
      } else {
        example.add(new Feature(oneHot(c.name(), c.values()[row]), 1.0));
      }
    }
    return example;
  }

  /** The name of the one-hot feature of a categorical value. */
  public static String oneHot(String column, String value) {
    return column + "=" + value;
  }

  private static List<Integer> sorted(List<Integer> rows) {
    List<Integer> copy = new ArrayList<>(rows);
    Collections.sort(copy);
    return List.copyOf(copy);
  }
}
