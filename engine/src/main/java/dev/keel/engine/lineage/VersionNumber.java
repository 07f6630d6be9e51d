package dev.keel.engine.lineage;

import dev.keel.engine.api.ApiException;

/** The {@code {version}} path segment of a model version URI. */
final class VersionNumber {

  private VersionNumber() {}

  static int parse(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw ApiException.badRequest("version '" + text + "' is not a version number; expected 1, 2, ...");
  }
}
