package dev.keel.engine.errors;

/** The thing existed and was removed for good (an erased dataset version). */
public final class Gone extends DomainException {

  public Gone(String message) {
    super(Kind.GONE, message, null);
  }

  public Gone(String message, Throwable cause) {
    super(Kind.GONE, message, cause);
  }
}
