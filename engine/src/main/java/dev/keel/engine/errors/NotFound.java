package dev.keel.engine.errors;

/** The thing asked for does not exist. */
public final class NotFound extends DomainException {

  public NotFound(String message) {
    super(Kind.NOT_FOUND, message, null);
  }

  public NotFound(String message, Throwable cause) {
    super(Kind.NOT_FOUND, message, cause);
  }
}
