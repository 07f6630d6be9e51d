package dev.keel.engine.mlflow;

import dev.keel.engine.api.ErrorBody;
import dev.keel.engine.errors.Kind;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * MLflow's error shape under {@value #PREFIX}: {@link MlflowException} maps to its code and status;
 * any other error there (a refusal of a Keel service by kind, malformed JSON, unknown endpoint,
 * wrong method, body too large, a database that is down, internal error), which Keel's own mappers
 * render as {@code {"code", "message"}}, is rewritten to {@code {"error_code", "message"}} with the
 * same status: a refusal's code by its kind ({@link Shape#codeFor(Kind)}), any other's by its
 * status.
 */
public final class MlflowErrors {

  /** Where MLflow's REST API lives, without the leading slash, as Jersey reports request paths. */
  public static final String PREFIX = "api/2.0/mlflow";

  private MlflowErrors() {}

  /** Renders {@link MlflowException}. */
  public static final class Mapper implements ExceptionMapper<MlflowException> {
    @Override
    public Response toResponse(MlflowException e) {
      return Response.status(e.code().status())
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(new MlflowError(e.code().name(), e.getMessage()))
          .build();
    }
  }

  /** Rewrites Keel-shaped errors under {@value #PREFIX} to MLflow's shape. */
  public static final class Shape implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
      String path = request.getUriInfo().getPath();
      if (path.startsWith("/")) {
        path = path.substring(1);
      }
      if (path.startsWith(PREFIX) && response.getEntity() instanceof ErrorBody error) {
        MlflowException.Code code =
            error.kind() != null ? codeFor(error.kind()) : codeFor(error.code());
        response.setEntity(new MlflowError(code.name(), error.message()));
      }
    }

    /** MLflow's code for each kind of refusal ({@link dev.keel.engine.errors.DomainException}). */
    static MlflowException.Code codeFor(Kind kind) {
      return switch (kind) {
        case NOT_FOUND, GONE -> MlflowException.Code.RESOURCE_DOES_NOT_EXIST;
        case CONFLICT -> MlflowException.Code.RESOURCE_ALREADY_EXISTS;
        case INVALID_INPUT, TOO_LARGE -> MlflowException.Code.INVALID_PARAMETER_VALUE;
        case UNAVAILABLE -> MlflowException.Code.TEMPORARILY_UNAVAILABLE;
        case FORBIDDEN -> MlflowException.Code.PERMISSION_DENIED;
      };
    }

    static MlflowException.Code codeFor(int status) {
      return switch (status) {
        case 404 -> MlflowException.Code.ENDPOINT_NOT_FOUND;
        case 400, 413, 415 -> MlflowException.Code.INVALID_PARAMETER_VALUE;
        case 401 -> MlflowException.Code.UNAUTHENTICATED;
        case 403 -> MlflowException.Code.PERMISSION_DENIED;
        case 503 -> MlflowException.Code.TEMPORARILY_UNAVAILABLE;
        default ->
            status >= 500 ? MlflowException.Code.INTERNAL_ERROR : MlflowException.Code.BAD_REQUEST;
      };
    }
  }
}
