package dev.keel.engine.api;

import dev.keel.engine.errors.InvalidInput;

/** The {@code {version}} path segment of a model version URI. */
public final class VersionNumber {

  private VersionNumber() {}

  /** The version number of a {@code {version}} path segment; 400 unless it is 1, 2, .... */
  public static int parse(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new InvalidInput("version '" + text + "' is not a version number; expected 1, 2, ...");
  }
}
