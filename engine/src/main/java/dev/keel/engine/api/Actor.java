package dev.keel.engine.api;

import java.util.regex.Pattern;

/**
 * Who asks for a change. Until authentication arrives, the caller names itself in the {@code X-Keel-User} header;
 * this is the one place that reads it, so authentication replaces this class and nothing else.
 */
public final class Actor {

  public static final String HEADER = "X-Keel-User";
  public static final String ANONYMOUS = "anonymous";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._:-]{0,127}");

  private Actor() {}

  /** The actor named by the header value, {@value #ANONYMOUS} without one; 400 for an unusable name. */
  public static String fromHeader(String header) {
    if (header == null || header.isBlank()) {
      return ANONYMOUS;
    }
    String name = header.trim();
    if (!NAME.matcher(name).matches()) {
      throw ApiException.badRequest("header " + HEADER + ": '" + name + "' is not a user name; use 1-128 letters, "
          + "digits, '@', '.', '_', ':' or '-'");
    }
    return name;
  }
}
