package dev.keel.engine.serving.v2;

import dev.keel.engine.api.ErrorBody;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * The protocol's error shape under {@code /v2}: every error there that Keel's own mappers render as
 * {@code {"code", "message"}} (a refusal, bad JSON, an unknown path, a missing token, a body too
 * large) is rewritten to {@code {"error": message}} with the same status.
 */
public final class V2Errors implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (underV2(request.getUriInfo().getPath()) && response.getEntity() instanceof ErrorBody e) {
      response.setEntity(new Protocol.Error(e.message()));
    }
  }

  /** Whether a request path (as Jersey reports it, with or without a leading slash) is V2's. */
  static boolean underV2(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.equals("v2") || p.startsWith("v2/");
  }
}
