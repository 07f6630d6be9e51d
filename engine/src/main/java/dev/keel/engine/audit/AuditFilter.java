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
 * Gives every request an id ({@code X-Request-Id}, taken from the caller when it is a plain token, else new) and
 * appends every state-changing call to the audit log with its actor, outcome and request id.
 *
 * <p>Not audited, because they change no decision and come in volumes an audit row per call would throttle: the
 * data plane ({@code predict}, {@code feedback}; their rows carry their own ids), MLflow metric, parameter and tag
 * logging, searches sent as POST, the Temporal codec and the benchmark's no-op. Lifecycle decisions (approvals, deployments, rollbacks)
 * are audited where they are made, in the transaction that makes them.
 */
@PreMatching
public final class AuditFilter implements ContainerRequestFilter, ContainerResponseFilter {

  public static final String REQUEST_ID = "X-Request-Id";
  private static final String PROPERTY = "keel.requestId";
  private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Pattern UNAUDITED = Pattern.compile(
      "/?v1/models/[^/]+/(predict|feedback)"
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
    request.setProperty(PROPERTY, given != null && TOKEN.matcher(given).matches() ? given : UUID.randomUUID()
        .toString());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String id = requestId(request);
    if (id == null) {
      return;
    }
    response.getHeaders().putSingle(REQUEST_ID, id);
    String path = request.getUriInfo().getPath();
    if (READS.contains(request.getMethod()) || UNAUDITED.matcher(path).matches()) {
      return;
    }
    int status = response.getStatus();
    String outcome = status == 401 || status == 403 ? "denied" : status >= 500 ? "error" : status >= 400
        ? "rejected" : "ok";
    try {
      String shown = "/" + stripSlash(path).replace("\0", "%00"); // PostgreSQL stores no NUL
      audit.append(actor(request), request.getMethod() + " " + Routes.template(request), shown,
          outcome, id, Integer.toString(status));
    } catch (RuntimeException e) {
      LOG.error("could not append request {} ({} {}) to the audit log", id, request.getMethod(), path, e);
    }
  }

  private static String actor(ContainerRequestContext request) {
    return Actor.of(request.getSecurityContext());
  }

  private static String stripSlash(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }
}
