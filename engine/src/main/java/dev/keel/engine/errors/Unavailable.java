package dev.keel.engine.errors;

/** Something the engine depends on did not answer in time; asking again later may succeed. */
public final class Unavailable extends DomainException {

  public Unavailable(String message) {
    super(Kind.UNAVAILABLE, message, null);
  }

  public Unavailable(String message, Throwable cause) {
    super(Kind.UNAVAILABLE, message, cause);
  }
}
