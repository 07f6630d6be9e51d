package dev.keel.engine.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.api.Suggestions;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.ml.training.Algorithms;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.ParamRange;
import dev.keel.workflows.contract.SweepSpec;
import dev.keel.workflows.contract.TrainerSpec;
import dev.keel.workflows.training.SweepPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code sweep} of a model definition: a hyperparameter search that chooses the trainer's
 * parameters before each run trains.
 *
 * <pre>{@code
 * "sweep": {"strategy": "random",
 *           "space": {"learningRate": {"min": 0.001, "max": 1, "scale": "log", "type": "float"},
 *                     "epochs": [5, 10, 30]},
 *           "trials": 12, "concurrency": 4, "metric": "accuracy", "seed": 7, "validationFraction": 0.2}
 * }</pre>
 *
 * @param strategy {@code grid} (every combination of the listed values) or {@code random}
 * @param space per parameter: a list of values (grid or random choice) or, for {@code random}, a
 *     range {@code {"min", "max", "scale": "linear"|"log" (default linear), "type": "int"|"float"
 *     (default float)}}
 * @param trials the budget: at most this many trials (required for random; for grid, default the
 *     grid's size)
 * @param concurrency how many trials run at once at most (default 4)
 * @param metric the validation metric that picks the best trial (default the model's primary
 *     metric)
 * @param seed seed of the random draws (default the model's seed)
 * @param validationFraction share of the training rows that score the trials (default 0.2)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepDefinition(
    String strategy,
    Map<String, JsonNode> space,
    Integer trials,
    Integer concurrency,
    String metric,
    Long seed,
    Double validationFraction) {

  public static final int MAX_TRIALS = 1000;
  public static final int MAX_CONCURRENCY = 64;
  public static final int DEFAULT_CONCURRENCY = 4;
  public static final double DEFAULT_VALIDATION = 0.2;
  private static final Set<String> RANGE_KEYS = Set.of("min", "max", "scale", "type");

  /**
   * The sweep as a pipeline runs it, with defaults filled in; {@link InvalidInput} naming the field
   * when it is not a valid sweep of {@code base}'s trainer.
   */
  public SweepSpec toSpec(ModelSpec base, Set<String> metrics) {
    if (!SweepSpec.GRID.equals(strategy) && !SweepSpec.RANDOM.equals(strategy)) {
      throw new InvalidInput(
          "field 'sweep.strategy': '"
              + strategy
              + "' is not a strategy; expected 'grid' "
              + "or 'random'");
    }
    if (space == null || space.isEmpty()) {
      throw new InvalidInput(
          "field 'sweep.space' is required: the parameters to sweep, e.g. "
              + "{\"maxDepth\": [2, 4, 6]}");
    }
    TrainerParameters.check("sweep.space", base.task(), base.trainer().algorithm(), space.keySet());
    Map<String, ParamRange> ranges = new TreeMap<>();
    space.forEach((name, node) -> ranges.put(name, range(name, node, base)));
    boolean grid = SweepSpec.GRID.equals(strategy);
    int budget;
    if (trials != null) {
      if (trials < 1 || trials > MAX_TRIALS) {
        throw new InvalidInput(
            "field 'sweep.trials': " + trials + " is out of range; expected 1 to " + MAX_TRIALS);
      }
      budget = trials;
    } else if (grid) {
      long size = SweepPlan.gridSize(ranges);
      if (size > MAX_TRIALS) {
        throw new InvalidInput(
            "field 'sweep.trials': the grid has "
                + size
                + " combinations; give a budget of "
                + "at most "
                + MAX_TRIALS);
      }
      budget = (int) size;
    } else {
      throw new InvalidInput(
          "field 'sweep.trials' is required for a random sweep: the number of trials (1 to "
              + MAX_TRIALS
              + ")");
    }
    if (concurrency != null && (concurrency < 1 || concurrency > MAX_CONCURRENCY)) {
      throw new InvalidInput(
          "field 'sweep.concurrency': "
              + concurrency
              + " is out of range; expected 1 to "
              + MAX_CONCURRENCY);
    }
    if (metric != null && !metrics.contains(metric)) {
      throw new InvalidInput(
          "field 'sweep.metric': '"
              + metric
              + "' is not a "
              + base.task()
              + " metric; expected one of "
              + metrics.stream().sorted().toList());
    }
    if (validationFraction != null && !(validationFraction > 0 && validationFraction < 1)) {
      throw new InvalidInput(
          "field 'sweep.validationFraction': "
              + validationFraction
              + " is out of range; expected a number between 0 and 1 (exclusive)");
    }
    return new SweepSpec(
        strategy,
        ranges,
        budget,
        concurrency == null ? DEFAULT_CONCURRENCY : concurrency,
        metric == null ? base.primaryMetric() : metric,
        seed == null ? base.seed() : seed,
        validationFraction == null ? DEFAULT_VALIDATION : validationFraction);
  }

  private ParamRange range(String name, JsonNode node, ModelSpec base) {
    String field = "sweep.space." + name;
    if (node != null && node.isArray()) {
      if (node.isEmpty()) {
        throw new InvalidInput("field '" + field + "': expected at least one value");
      }
      List<String> values = new ArrayList<>();
      for (JsonNode v : node) {
        if (!v.isValueNode() || v.isNull()) {
          throw new InvalidInput(
              "field '" + field + "': expected a list of numbers, strings or booleans");
        }
        values.add(v.isTextual() ? v.textValue() : v.toString());
      }
      values.forEach(v -> check(field, name, v, base));
      return ParamRange.choice(values);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInput(
          "field '"
              + field
              + "': expected a list of values or {\"min\", \"max\", "
              + "\"scale\", \"type\"}");
    }
    if (SweepSpec.GRID.equals(strategy)) {
      throw new InvalidInput(
          "field '"
              + field
              + "': a grid sweep needs a list of values; ranges are for "
              + "'random'");
    }
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (!RANGE_KEYS.contains(k)) {
                throw new InvalidInput(
                    "unknown field '"
                        + field
                        + "."
                        + k
                        + "' in the model definition; "
                        + Suggestions.hint(k, RANGE_KEYS, field + "."));
              }
            });
    if (!node.path("min").isNumber() || !node.path("max").isNumber()) {
      throw new InvalidInput("field '" + field + "': 'min' and 'max' are required numbers");
    }
    double min = node.get("min").doubleValue();
    double max = node.get("max").doubleValue();
    String scale = node.path("scale").asText(ParamRange.LINEAR);
    String type = node.path("type").asText(ParamRange.FLOAT);
    if (!List.of(ParamRange.LINEAR, ParamRange.LOG).contains(scale)) {
      throw new InvalidInput(
          "field '"
              + field
              + ".scale': '"
              + scale
              + "' is not a scale; expected 'linear' "
              + "or 'log'");
    }
    if (!List.of(ParamRange.INT, ParamRange.FLOAT).contains(type)) {
      throw new InvalidInput(
          "field '"
              + field
              + ".type': '"
              + type
              + "' is not a type; expected 'int' or "
              + "'float'");
    }
    if (!(min < max) || Double.isInfinite(min) || Double.isInfinite(max)) {
      throw new InvalidInput("field '" + field + "': min " + min + " must be below max " + max);
    }
    if (ParamRange.LOG.equals(scale) && !(min > 0)) {
      throw new InvalidInput("field '" + field + ".min': a log scale needs min > 0, got " + min);
    }
    boolean integer = ParamRange.INT.equals(type);
    if (integer && Math.ceil(min) > Math.floor(max)) {
      throw new InvalidInput(
          "field '" + field + "': no integer lies between " + min + " and " + max);
    }
    check(field, name, integer ? Long.toString((long) Math.ceil(min)) : Double.toString(min), base);
    check(
        field, name, integer ? Long.toString((long) Math.floor(max)) : Double.toString(max), base);
    return ParamRange.range(min, max, scale, type);
  }

  /** Rejects a parameter the trainer does not take, or a value it refuses. */
  private static void check(String field, String name, String value, ModelSpec base) {
    Map<String, String> params = new LinkedHashMap<>(base.trainer().params());
    params.put(name, value);
    ModelSpec trial =
        new ModelSpec(
            base.task(),
            base.target(),
            base.binarize(),
            base.positiveClass(),
            base.exclude(),
            new TrainerSpec(base.trainer().algorithm(), params),
            base.gates(),
            base.schema(),
            base.holdoutFraction(),
            base.seed(),
            base.compareWithChampion());
    try {
      Algorithms.trainer(trial);
    } catch (IllegalArgumentException e) {
      throw new InvalidInput("field '" + field + "': " + e.getMessage());
    }
  }
}
