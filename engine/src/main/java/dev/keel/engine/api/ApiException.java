package dev.keel.engine.api;

/**
 * A request that cannot be served as asked, with the HTTP status that fits and a message that names
 * what was wrong and what was expected. Rendered as {@code {"code": status, "message": …}}.
 *
 * <p>Only for the HTTP edge: resources and request filters (an unsupported charset, a body over the
 * limit). Services, stores and activities refuse with a {@link
 * dev.keel.engine.errors.DomainException} of a kind, which {@link ErrorMappers} maps to its status.
 */
public class ApiException extends RuntimeException {

  private final int status;

  public ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  public static ApiException tooLarge(String message) {
    return new ApiException(413, message);
  }
}
