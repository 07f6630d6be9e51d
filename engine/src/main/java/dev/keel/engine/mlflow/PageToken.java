package dev.keel.engine.mlflow;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The page tokens of every paged MLflow search (experiments, runs, metric history, registered
 * models, model versions): opaque to clients, base64 (URL alphabet, no padding) of {@code
 * offset:<n>}. A token this server did not issue is INVALID_PARAMETER_VALUE.
 */
public final class PageToken {

  private static final String PREFIX = "offset:";

  private PageToken() {}

  /** The token of the page that starts at {@code offset}. */
  public static String encode(long offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** The offset a token carries; 0 (the first page) for none. */
  public static long decode(String token) {
    return decode(token, Long.MAX_VALUE);
  }

  /**
   * The offset a token carries, refusing offsets above {@code max}; 0 (the first page) for none.
   */
  public static long decode(String token, long max) {
    if (token == null || token.isBlank()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
      if (text.startsWith(PREFIX)) {
        long offset = Long.parseLong(text.substring(PREFIX.length()));
        if (offset >= 0 && offset <= max) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw MlflowException.invalid("page_token '" + token + "' is not a token this server issued");
  }
}
