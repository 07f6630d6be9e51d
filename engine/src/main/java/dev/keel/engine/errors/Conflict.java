package dev.keel.engine.errors;

/**
 * The request does not fit the current state: it exists already, is in flight, has the wrong
 * status.
 */
public final class Conflict extends DomainException {

  public Conflict(String message) {
    super(Kind.CONFLICT, message, null);
  }

  public Conflict(String message, Throwable cause) {
    super(Kind.CONFLICT, message, cause);
  }
}
