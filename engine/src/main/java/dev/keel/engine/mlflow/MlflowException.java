package dev.keel.engine.mlflow;

/**
 * A tracking request that cannot be served, with MLflow's error code; rendered as MLflow renders
 * errors, {@code {"error_code": …, "message": …}}, with the HTTP status MLflow uses for that code.
 */
public class MlflowException extends RuntimeException {

  /** The MLflow error codes this API answers with, and their HTTP status. */
  public enum Code {
    INVALID_PARAMETER_VALUE(400),
    RESOURCE_ALREADY_EXISTS(400),
    RESOURCE_DOES_NOT_EXIST(404),
    ENDPOINT_NOT_FOUND(404),
    BAD_REQUEST(400),
    UNAUTHENTICATED(401),
    PERMISSION_DENIED(403),
    INTERNAL_ERROR(500),
    TEMPORARILY_UNAVAILABLE(503);

    private final int status;

    Code(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Code code;

  public MlflowException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public Code code() {
    return code;
  }

  public static MlflowException invalid(String message) {
    return new MlflowException(Code.INVALID_PARAMETER_VALUE, message);
  }

  public static MlflowException notFound(String message) {
    return new MlflowException(Code.RESOURCE_DOES_NOT_EXIST, message);
  }

  public static MlflowException exists(String message) {
    return new MlflowException(Code.RESOURCE_ALREADY_EXISTS, message);
  }
}
