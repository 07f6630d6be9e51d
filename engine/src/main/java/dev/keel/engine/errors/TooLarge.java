package dev.keel.engine.errors;

/** The request is larger than a limit; the message names the limit. */
public final class TooLarge extends DomainException {

  public TooLarge(String message) {
    super(Kind.TOO_LARGE, message, null);
  }

  public TooLarge(String message, Throwable cause) {
    super(Kind.TOO_LARGE, message, cause);
  }
}
