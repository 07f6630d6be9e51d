package dev.keel.engine.api;

import dev.keel.engine.errors.InvalidInput;
import java.util.regex.Pattern;

/**
 * The names Keel accepts for datasets and models: safe in URLs, file names, metric labels and
 * workflow ids.
 */
public final class Names {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private Names() {}

  public static String check(String kind, String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInput(kind + " name is required");
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInput(
          kind
              + " name '"
              + name
              + "' is invalid: use 1-128 letters, digits, '.', '_' "
              + "or '-', starting with a letter or digit");
    }
    return name;
  }
}
