package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hyperparameter sweep run before training: trials of the trainer with parameters from {@code
 * space}, each trained on part of the training rows and scored on a validation split carved from
 * the rest of them (never the holdout). The best trial's parameters then train the candidate as
 * usual.
 *
 * @param strategy {@code grid} (every combination of the listed values, in order) or {@code random}
 *     (independent draws, deterministic for {@code seed})
 * @param space the swept parameters by name; they override the trainer's own parameters of the same
 *     name
 * @param trials how many trials to run at most (for a grid, its first {@code trials} combinations)
 * @param concurrency how many trials run at once at most
 * @param metric the validation metric that chooses the best trial; its direction is {@link
 *     ModelSpec#higherIsBetter}
 * @param seed seed of the random draws
 * @param validationFraction share of the training rows that score the trials
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepSpec(
    String strategy,
    Map<String, ParamRange> space,
    int trials,
    int concurrency,
    String metric,
    long seed,
    double validationFraction) {

  public static final String GRID = "grid";
  public static final String RANDOM = "random";

  public SweepSpec {
    space = space == null ? Map.of() : new TreeMap<>(space);
  }

  public boolean isGrid() {
    return GRID.equals(strategy);
  }
}
