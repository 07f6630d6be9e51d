package dev.keel.engine.api;

/**
 * A request that cannot be served as asked, with the HTTP status that fits and a message that names what was wrong
 * and what was expected. Rendered as {@code {"code": status, "message": …}}.
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
