package dev.keel.engine.errors;

/**
 * A request that the engine refuses, by {@link Kind}, with a message for the user that names what
 * was wrong and what was expected. Services, stores and activities throw it; they never choose a
 * transport's status: each edge (HTTP, MLflow, Temporal) maps the kind once.
 */
public abstract class DomainException extends RuntimeException {

  private final Kind kind;

  DomainException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public final Kind kind() {
    return kind;
  }

  /**
   * The exception of {@code kind} with {@code message}, e.g. for a kind read back from a workflow's
   * failure.
   */
  public static DomainException of(Kind kind, String message) {
    return switch (kind) {
      case NOT_FOUND -> new NotFound(message);
      case CONFLICT -> new Conflict(message);
      case INVALID_INPUT -> new InvalidInput(message);
      case UNAVAILABLE -> new Unavailable(message);
      case GONE -> new Gone(message);
      case FORBIDDEN -> new Forbidden(message);
      case TOO_LARGE -> new TooLarge(message);
    };
  }
}
