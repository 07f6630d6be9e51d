package dev.keel.engine.errors;

/** The caller may not do this, whoever they are (separation of duties). */
public final class Forbidden extends DomainException {

  public Forbidden(String message) {
    super(Kind.FORBIDDEN, message, null);
  }

  public Forbidden(String message, Throwable cause) {
    super(Kind.FORBIDDEN, message, cause);
  }
}
