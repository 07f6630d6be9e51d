package dev.keel.engine.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.keel.engine.errors.DomainException;
import dev.keel.engine.errors.Kind;
import io.dropwizard.jersey.errors.EarlyEofExceptionMapper;
import io.dropwizard.jersey.validation.JerseyViolationExceptionMapper;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import org.glassfish.jersey.server.ParamException;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keel's exception mappers, which replace Dropwizard's defaults so every error has the same shape
 * and says what was wrong: a service's refusal ({@link DomainException}) gets its kind's status
 * ({@link #status(Kind)}, with {@code Retry-After} when unavailable), bad JSON names the field and
 * position, unknown paths and methods keep their 404/405, and an unexpected failure is logged with
 * an id that the 500 response repeats. While PostgreSQL cannot be used, a request that needs it
 * gets a 503 saying so (with {@code Retry-After}), not a 500.
 */
public final class ErrorMappers {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

  /**
   * Package roots of the classes whose names may reach a message: the JDK's, Keel's and its
   * libraries'.
   */
  private static final String ROOTS =
      "(?:java|javax|jakarta|dev\\.keel|com\\.fasterxml|com\\.google|org\\.glassfish"
          + "|org\\.eclipse|org\\.postgresql|org\\.jdbi|io\\.temporal|io\\.dropwizard)\\.";

  private static final java.util.regex.Pattern EXCEPTION_PREFIX =
      java.util.regex.Pattern.compile(
          "\\b"
              + ROOTS
              + "(?:[a-z][a-z0-9_]*\\.)*(?:[A-Z]\\w*\\$)*[A-Z]\\w*(?:Exception|Error): ?");
  private static final java.util.regex.Pattern CLASS_NAME =
      java.util.regex.Pattern.compile(
          "`?\\b" + ROOTS + "(?:[a-z][a-z0-9_]*\\.)*(?:[A-Z]\\w*\\$)*([A-Z]\\w*)(?:\\[])?`?");

  private ErrorMappers() {}

  public static void register(ResourceConfig jersey) {
    jersey.register(new ApiExceptionMapper());
    jersey.register(new DomainMapper());
    jersey.register(new JsonMapper());
    jersey.register(new WebMapper());
    jersey.register(new FallbackMapper());
    jersey.register(new JerseyViolationExceptionMapper());
    jersey.register(new EarlyEofExceptionMapper());
  }

  /**
   * {@code message} with Java class names ({@code `java.lang.Long`}, {@code
   * dev.keel…Views$KeyValue}) shortened to their simple names: a client needs the kind of value,
   * not Keel's internals.
   */
  static String withoutClassNames(String message) {
    return message == null
        ? null
        : CLASS_NAME.matcher(EXCEPTION_PREFIX.matcher(message).replaceAll("")).replaceAll("$1");
  }

  /** Keel's error response. */
  public static Response error(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(status, message))
        .build();
  }

  /** The HTTP status of each kind of refusal. */
  public static int status(Kind kind) {
    return switch (kind) {
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case INVALID_INPUT -> 400;
      case UNAVAILABLE -> 503;
      case GONE -> 410;
      case FORBIDDEN -> 403;
      case TOO_LARGE -> 413;
    };
  }

  /** Seconds a client is asked to wait ({@code Retry-After}) before asking again after a 503. */
  static final String RETRY_AFTER_SECONDS = "5";

  /**
   * Renders a {@link DomainException} with its kind's status; {@code Retry-After} when it is
   * unavailable.
   */
  static final class DomainMapper implements ExceptionMapper<DomainException> {
    @Override
    public Response toResponse(DomainException e) {
      int status = status(e.kind());
      Response.ResponseBuilder response =
          Response.status(status)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(new ErrorBody(status, withoutClassNames(e.getMessage()), e.kind()));
      if (e.kind() == Kind.UNAVAILABLE) {
        response.header("Retry-After", RETRY_AFTER_SECONDS);
      }
      return response.build();
    }
  }

  static final class ApiExceptionMapper implements ExceptionMapper<ApiException> {
    @Override
    public Response toResponse(ApiException e) {
      return error(e.status(), withoutClassNames(e.getMessage()));
    }
  }

  static final class JsonMapper implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
      return error(400, describe(e));
    }

    static String describe(JsonProcessingException e) {
      return withoutClassNames(describeRaw(e));
    }

    private static String describeRaw(JsonProcessingException e) {
      if (e instanceof JsonParseException) {
        return "malformed JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage();
      }
      if (e instanceof JsonMappingException m) {
        String field = UnknownFields.path(m.getPath());
        String subject = field.isEmpty() ? "request body" : "field '" + field + "'";
        if (m instanceof UnrecognizedPropertyException u) {
          return UnknownFields.describe(u);
        }
        if (m instanceof InvalidFormatException f) {
          return subject
              + ": '"
              + f.getValue()
              + "' is not a valid "
              + f.getTargetType().getSimpleName();
        }
        if (m instanceof MismatchedInputException mi && mi.getTargetType() != null) {
          return subject + ": expected " + expected(mi.getTargetType()) + where(m.getLocation());
        }
        Throwable cause = m.getCause();
        if (cause instanceof IllegalArgumentException) {
          return subject + ": " + cause.getMessage();
        }
        return subject + ": " + m.getOriginalMessage();
      }
      return "invalid JSON: " + e.getOriginalMessage();
    }

    private static String expected(Class<?> type) {
      if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
        return "a number";
      }
      if (type == String.class) {
        return "a string";
      }
      if (java.util.Collection.class.isAssignableFrom(type)) {
        return "an array";
      }
      if (type == Boolean.class || type == boolean.class) {
        return "true or false";
      }
      return "an object";
    }

    private static String where(JsonLocation location) {
      return location == null || location.getLineNr() < 0
          ? ""
          : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
  }

  static final class WebMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      if (e instanceof ParamException p) {
        return error(
            400,
            kind(p)
                + " '"
                + p.getParameterName()
                + "' has a value that is not of its type "
                + "(a number where one is expected, true or false for a flag)");
      }
      int status = e.getResponse().getStatus();
      if (status >= 500) {
        String id = UUID.randomUUID().toString();
        LOG.error("request failed, error id {}", id, e);
        return error(status, "internal error, id " + id);
      }
      String message =
          switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed here";
            case 415 ->
                "unsupported content type; send application/json (or text/csv where a dataset is uploaded)";
            case 406 -> "cannot produce the requested media type; accept application/json";
            default -> withoutClassNames(e.getMessage());
          };
      return error(status, message);
    }

    private static String kind(ParamException p) {
      Class<?> type = p.getParameterType();
      return type == jakarta.ws.rs.QueryParam.class
          ? "query parameter"
          : type == jakarta.ws.rs.PathParam.class
              ? "path parameter"
              : type == jakarta.ws.rs.HeaderParam.class ? "header" : "parameter";
    }
  }

  /**
   * PostgreSQL's own words when it refused a value for what it is (SQL state class 22, "data
   * exception": too long, out of range, a malformed pattern), or null for any other failure.
   */
  static String dataRefusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException s
          && s.getSQLState() != null
          && s.getSQLState().startsWith("22")) {
        String message = String.valueOf(s.getMessage()).lines().findFirst().orElse("");
        return message.startsWith("ERROR: ") ? message.substring(7) : message;
      }
    }
    return null;
  }

  static final class FallbackMapper implements ExceptionMapper<Throwable> {
    /**
     * When the last warning about refusals for an unavailable database was logged (at most one per
     * 10 s).
     */
    private final java.util.concurrent.atomic.AtomicLong lastUnavailableWarning =
        new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 20_000_000_000L);

    @Override
    public Response toResponse(Throwable e) {
      if (NoNul.isNulRefusal(e)) {
        return error(400, "a text value " + NoNul.REASON);
      }
      String unavailable = DatabaseUnavailable.reason(e);
      if (unavailable != null) {
        long now = System.nanoTime();
        long last = lastUnavailableWarning.get();
        if (now - last > 10_000_000_000L && lastUnavailableWarning.compareAndSet(last, now)) {
          LOG.warn(
              "requests are refused with 503 while the database is unavailable: {}", unavailable);
        }
        return Response.fromResponse(error(503, DatabaseUnavailable.message(unavailable)))
            .header("Retry-After", "5")
            .build();
      }
      String refused = dataRefusal(e);
      if (refused != null) {
        LOG.info("PostgreSQL refused a value of a request: {}", refused);
        return error(400, "a value in the request cannot be stored or compared: " + refused);
      }
      String id = UUID.randomUUID().toString();
      LOG.error("request failed, error id {}", id, e);
      return error(500, "internal error, id " + id + " (see the engine's log)");
    }
  }
}
