package dev.keel.engine.audit;

import dev.keel.engine.api.Actor;
import dev.keel.engine.api.Routes;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits an {@code intent} row for every audited call after authentication and before the resource
 * method runs, so the change and its audit share a failure domain: when the row cannot be written
 * the call is refused with 503 and nothing is changed. {@link AuditFilter} adds the outcome row
 * once the resource has answered.
 *
 * <p>The row goes through the {@link AuditWriter}'s group commit: concurrent calls share one
 * transaction.
 */
@Priority(Priorities.USER + 100)
public final class AuditIntentFilter implements ContainerRequestFilter {

  /** The outcome an intent row carries. */
  public static final String INTENT = "intent";

  static final String INTENT_ROW = "keel.audit.intentRow";
  static final String FAILED = "keel.audit.intentFailed";
  private static final Logger LOG = LoggerFactory.getLogger(AuditIntentFilter.class);

  private final AuditWriter audit;

  public AuditIntentFilter(AuditWriter audit) {
    this.audit = audit;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String id = AuditFilter.requestId(request);
    if (id == null || !AuditFilter.audited(request)) {
      return;
    }
    String path = request.getUriInfo().getPath();
    String shown = "/" + (path.startsWith("/") ? path.substring(1) : path).replace("\0", "%00");
    try {
      long row =
          audit.append(
              Actor.of(request.getSecurityContext()),
              request.getMethod() + " " + Routes.template(request),
              shown,
              INTENT,
              id,
              null);
      request.setProperty(INTENT_ROW, row);
    } catch (RuntimeException e) {
      LOG.error(
          "could not append the intent of request {} ({} {}) to the audit log; refused it",
          id,
          request.getMethod(),
          path,
          e);
      request.setProperty(FAILED, Boolean.TRUE);
      request.abortWith(
          Response.status(503)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(
                  AuditFilter.body(
                      request,
                      "the audit log could not be written, so the change was not made "
                          + "(request "
                          + id
                          + "); try again later or ask an administrator to check the audit log's database"))
              .build());
    }
  }
}
