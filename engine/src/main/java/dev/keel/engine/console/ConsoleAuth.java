package dev.keel.engine.console;

import dev.keel.engine.api.ErrorMappers;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import java.util.Set;

/**
 * Runs just before the {@link dev.keel.engine.auth.AuthFilter}: a request without an {@code
 * Authorization} header that carries a console session cookie and the {@value #HEADER} header is
 * authenticated as the session's token (so every permission check stays the API's own). A
 * state-changing request with the cookie but without the header, or from another origin, is refused
 * as a possible cross-site request. Bearer-token calls are left alone.
 */
@Priority(Priorities.AUTHENTICATION - 1)
final class ConsoleAuth implements ContainerRequestFilter {

  static final String COOKIE = "keel_console";

  /** The header the console page sets on every API call; a cross-site form or link cannot. */
  static final String HEADER = "X-Keel-Console";

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  private final ConsoleSessions sessions;

  ConsoleAuth(ConsoleSessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
      return;
    }
    Cookie cookie = request.getCookies().get(COOKIE);
    if (cookie == null) {
      return;
    }
    boolean safe = SAFE.contains(request.getMethod());
    boolean marked = "1".equals(request.getHeaderString(HEADER));
    if (!marked || !sameOrigin(request)) {
      if (!safe) {
        request.abortWith(
            ErrorMappers.error(
                403,
                "refused: a console session's "
                    + request.getMethod()
                    + " needs the "
                    + HEADER
                    + " header from the console's own origin (this looks like a cross-site "
                    + "request)"));
      }
      return;
    }
    Optional<String> token = sessions.token(cookie.getValue());
    token.ifPresent(t -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + t));
  }

  /** No Origin header (same-origin GETs omit it), or one naming this host. */
  private static boolean sameOrigin(ContainerRequestContext request) {
    String origin = request.getHeaderString("Origin");
    if (origin == null) {
      return true;
    }
    String host = request.getHeaderString(HttpHeaders.HOST);
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }
}
