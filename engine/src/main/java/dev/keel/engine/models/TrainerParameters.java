package dev.keel.engine.models;

import dev.keel.engine.api.Suggestions;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.ml.training.Algorithms;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Refuses trainer parameters the chosen algorithm does not take, in {@code trainer.params} and in a
 * sweep's {@code space}: a typo such as {@code tres} for {@code trees} would otherwise train with
 * the default.
 */
final class TrainerParameters {

  private TrainerParameters() {}

  /**
   * {@link InvalidInput} naming the first unknown name under {@code field} and the parameter most
   * likely meant, or the parameters the algorithm takes.
   */
  static void check(String field, String task, String algorithm, Collection<String> names) {
    SortedSet<String> known;
    try {
      known = Algorithms.parameters(task, algorithm);
    } catch (IllegalArgumentException e) {
      throw new InvalidInput("field 'trainer.algorithm': " + e.getMessage());
    }
    for (String name : new TreeSet<>(names)) {
      if (!known.contains(name)) {
        throw new InvalidInput(
            "field '"
                + field
                + "."
                + name
                + "': unknown parameter '"
                + name
                + "' for algorithm '"
                + algorithm
                + "'; "
                + Suggestions.hint(name, known, ""));
      }
    }
  }
}
