package dev.keel.engine.api;

import dev.keel.engine.errors.InvalidInput;

/**
 * The {@code Idempotency-Key} request header: a retried request with the same key returns the first
 * one's result.
 */
public final class IdempotencyKey {

  /** The header's name. */
  public static final String HEADER = "Idempotency-Key";

  private static final int MAX_LENGTH = 200;

  private IdempotencyKey() {}

  /** The key as given (null when absent); 400 when it is blank or longer than 200 characters. */
  public static String check(String key) {
    if (key != null && (key.isBlank() || key.length() > MAX_LENGTH)) {
      throw new InvalidInput("header '" + HEADER + "' must be 1-" + MAX_LENGTH + " characters");
    }
    return key;
  }
}
