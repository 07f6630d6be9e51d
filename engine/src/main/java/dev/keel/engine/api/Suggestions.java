package dev.keel.engine.api;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns an unknown name into advice: the known name it is most likely a typo of, or else the list
 * of known names. Used for unknown fields of request bodies and unknown trainer parameters.
 *
 * <p>A known name is close when its Damerau–Levenshtein distance (optimal string alignment:
 * insertions, deletions, substitutions and swaps of neighbours, ignoring case) is at most a third
 * of the typed name's length (at least 1, at most 3), or when one name contains the other and the
 * shorter has at least 4 characters ({@code depth} for {@code maxDepth}).
 */
public final class Suggestions {

  private static final int MIN_CONTAINED = 4;

  private Suggestions() {}

  /**
   * The known name closest to {@code name} when one is close enough to be what was meant; ties go
   * alphabetically.
   */
  public static Optional<String> closest(String name, Collection<String> known) {
    String typed = name.toLowerCase(Locale.ROOT);
    int allowed = Math.max(1, Math.min(3, typed.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(known)) {
      String other = candidate.toLowerCase(Locale.ROOT);
      int d = distance(typed, other);
      boolean contained =
          Math.min(typed.length(), other.length()) >= MIN_CONTAINED
              && (other.contains(typed) || typed.contains(other));
      if ((d <= allowed || contained) && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The end of an error message about the unknown {@code name}: {@code did you mean 'x'?} when a
   * known name is close, else {@code expected one of [a, b, c]}; {@code prefix} goes before the
   * suggested name (a path such as {@code release.canary.}).
   */
  public static String hint(String name, Collection<String> known, String prefix) {
    return closest(name, known)
        .map(c -> "did you mean '" + prefix + c + "'?")
        .orElseGet(() -> "expected one of " + new TreeSet<>(known));
  }

  /** The optimal-string-alignment distance between {@code a} and {@code b} (case-sensitive). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
