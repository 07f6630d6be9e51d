package dev.keel.engine.errors;

/** The request is malformed or out of range; the message names the field and what was expected. */
public final class InvalidInput extends DomainException {

  public InvalidInput(String message) {
    super(Kind.INVALID_INPUT, message, null);
  }

  public InvalidInput(String message, Throwable cause) {
    super(Kind.INVALID_INPUT, message, cause);
  }
}
