package dev.keel.engine.api;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * Who makes a request. Until authentication exists this is the request's declared user ({@code X-Keel-User}),
 * defaulting to {@code anonymous}; this class is the one place that will change when identities arrive.
 */
public final class Actor {

  public static final String HEADER = "X-Keel-User";

  private Actor() {}

  public static String of(HttpHeaders headers) {
    String declared = headers == null ? null : headers.getHeaderString(HEADER);
    if (declared == null || declared.isBlank()) {
      return "anonymous";
    }
    if (declared.length() > 200 || !declared.matches("[\\p{L}\\p{N}._@+-]+")) {
      throw ApiException.badRequest("header '" + HEADER + "' must be 1-200 letters, digits or ._@+-");
    }
    return declared;
  }
}
