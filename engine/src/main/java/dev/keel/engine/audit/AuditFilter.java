package dev.keel.engine.audit;

import dev.keel.engine.api.Actor;
import dev.keel.engine.api.Routes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id ({@code X-Request-Id}, taken from the caller when it is a plain token,
 * else new) and appends every state-changing call to the audit log with its actor, outcome and
 * request id.
 *
 * <p>The outcome row is committed before the response leaves (response filters run before the body
 * is written). Together with the intent row that {@link AuditIntentFilter} commits before the
 * resource runs, a change is never unaudited: if the intent cannot be written the change is not
 * made; if the outcome cannot be written the caller gets a 503 saying the change was made and which
 * row recorded its intent.
 *
 * <p>Not audited, because they change no decision and come in volumes an audit row per call would
 * throttle: the data plane ({@code predict}, {@code feedback}, V2 {@code infer}; their rows carry
 * their own ids), MLflow metric, parameter and tag logging, searches sent as POST, the Temporal
 * codec and the benchmark's no-op. Lifecycle decisions (approvals, deployments, rollbacks) are
 * audited where they are made, in the transaction that makes them.
 */
@PreMatching
public final class AuditFilter implements ContainerRequestFilter, ContainerResponseFilter {

  public static final String REQUEST_ID = "X-Request-Id";
  private static final String PROPERTY = "keel.requestId";
  private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Pattern UNAUDITED =
      Pattern.compile(
          "/?v1/models/[^/]+/(predict|feedback)|/?v2/models/[^/]+(/versions/[^/]+)?/infer"
              + "|/?api/2\\.0/mlflow/runs/(log-metric|log-parameter|log-batch|set-tag|delete-tag|log-inputs|log-model)"
              + "|/?api/2\\.0/mlflow/.*/search|/?v1/codec/.*|/?v1/noop");

  private final AuditWriter audit;

  public AuditFilter(AuditWriter audit) {
    this.audit = audit;
  }

  /** The id of the request being handled. */
  public static String requestId(ContainerRequestContext request) {
    return (String) request.getProperty(PROPERTY);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String given = request.getHeaderString(REQUEST_ID);
    request.setProperty(
        PROPERTY,
        given != null && TOKEN.matcher(given).matches() ? given : UUID.randomUUID().toString());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String id = requestId(request);
    if (id == null) {
      return;
    }
    response.getHeaders().putSingle(REQUEST_ID, id);
    String path = request.getUriInfo().getPath();
    if (!audited(request)) {
      return;
    }
    int status = response.getStatus();
    String outcome =
        status == 401 || status == 403
            ? "denied"
            : status >= 500 ? "error" : status >= 400 ? "rejected" : "ok";
    try {
      String shown = "/" + stripSlash(path).replace("\0", "%00"); // PostgreSQL stores no NUL
      audit.append(
          actor(request),
          request.getMethod() + " " + Routes.template(request),
          shown,
          outcome,
          id,
          Integer.toString(status));
    } catch (RuntimeException e) {
      LOG.error(
          "could not append request {} ({} {}) to the audit log", id, request.getMethod(), path, e);
      if (request.getProperty(AuditIntentFilter.FAILED) != null) {
        return; // the response already says that nothing was changed
      }
      Object intent = request.getProperty(AuditIntentFilter.INTENT_ROW);
      String message =
          "the audit log could not be written; "
              + (intent == null
                  ? "the call was not carried out"
                  : "the change was made (the audit log recorded its intent as row "
                      + intent
                      + ") but its outcome ("
                      + status
                      + ") is not recorded")
              + " (request "
              + id
              + "); ask an administrator to check the audit log's database";
      unavailable(request, response, message);
    }
  }

  /** Whether the request is a state-changing call that the audit log records. */
  static boolean audited(ContainerRequestContext request) {
    return !READS.contains(request.getMethod())
        && !UNAUDITED.matcher(request.getUriInfo().getPath()).matches();
  }

  /**
   * Turns the response into a 503 with {@code message}, in MLflow's shape under MLflow's prefix.
   */
  static void unavailable(
      ContainerRequestContext request, ContainerResponseContext response, String message) {
    response.setStatus(503);
    response.getHeaders().remove(jakarta.ws.rs.core.HttpHeaders.CONTENT_LENGTH);
    response.setEntity(
        body(request, message),
        new java.lang.annotation.Annotation[0],
        jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE);
  }

  static Object body(ContainerRequestContext request, String message) {
    return stripSlash(request.getUriInfo().getPath())
            .startsWith(dev.keel.engine.mlflow.MlflowErrors.PREFIX)
        ? new dev.keel.engine.mlflow.MlflowError("TEMPORARILY_UNAVAILABLE", message)
        : new dev.keel.engine.api.ErrorBody(503, message);
  }

  private static String actor(ContainerRequestContext request) {
    return Actor.of(request.getSecurityContext());
  }

  private static String stripSlash(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }
}
