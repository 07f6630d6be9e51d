package dev.keel.engine.auth;

import dev.keel.engine.api.ErrorMappers;
import dev.keel.engine.api.Routes;
import dev.keel.engine.runs.RunDao;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Authenticates every API call (401 without a valid bearer token) and authorises it by {@link
 * AccessPolicy} (403 naming the missing permission and the roles that carry it). The authenticated
 * {@link Identity} becomes the request's principal, which is the actor recorded for everything the
 * call does.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {

  /** The identity every call has when authentication is turned off. */
  public static final Identity UNAUTHENTICATED_ADMIN =
      new Identity(
          "admin",
          "disabled",
          Arrays.stream(Role.values()).map(r -> new Grant(r, Grant.EVERY_MODEL)).toList(),
          null);

  private final Authenticator authenticator;
  private final Jdbi jdbi;
  private final boolean enabled;

  public AuthFilter(Authenticator authenticator, Jdbi jdbi, boolean enabled) {
    this.authenticator = authenticator;
    this.jdbi = jdbi;
    this.enabled = enabled;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String method = request.getMethod();
    String template = Routes.template(request);
    Optional<AccessPolicy.Rule> rule = AccessPolicy.ruleFor(method, template);
    if (rule.isPresent() && rule.get().permission() == null && "OPTIONS".equals(method)) {
      return;
    }
    Identity identity;
    if (!enabled) {
      identity = UNAUTHENTICATED_ADMIN;
    } else {
      try {
        identity = authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
      } catch (Authenticator.Unauthenticated e) {
        request.abortWith(
            jakarta.ws.rs.core.Response.fromResponse(ErrorMappers.error(401, e.getMessage()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"keel\"")
                .build());
        return;
      }
    }
    request.setSecurityContext(new Context(identity, request.getSecurityContext()));
    if (rule.isEmpty()) {
      request.abortWith(
          ErrorMappers.error(
              403,
              "no access rule covers "
                  + method
                  + " "
                  + template
                  + ", so it is denied to everyone"));
      return;
    }
    Permission permission = rule.get().permission();
    if (permission == null) {
      return;
    }
    String model =
        switch (rule.get().scope()) {
          case MODEL -> request.getUriInfo().getPathParameters().getFirst("name");
          case RUN -> modelOfRun(request.getUriInfo().getPathParameters().getFirst("id"));
          case NONE -> null;
        };
    if (!identity.may(permission, model)) {
      request.abortWith(ErrorMappers.error(403, denial(identity, permission, model)));
    }
  }

  static String denial(Identity identity, Permission permission, String model) {
    String where = model == null ? "" : " on model '" + model + "'";
    if (permission == Permission.SERVE) {
      return "'"
          + identity.name()
          + "' may not call this model's predict, feedback or V2 inference: that needs a serving"
          + " token "
          + "of model '"
          + model
          + "'";
    }
    List<String> carriers =
        Arrays.stream(Role.values()).filter(r -> r.permits(permission)).map(Role::wire).toList();
    return "'"
        + identity.name()
        + "' lacks permission '"
        + permission.wire()
        + "'"
        + where
        + " (granted by role "
        + String.join(" or ", carriers)
        + (model == null ? " on every model" : "")
        + "; has "
        + (identity.servingModel() != null
            ? "a serving token of model '" + identity.servingModel() + "'"
            : identity.roleNames().isEmpty() ? "no roles" : "roles " + identity.roleNames())
        + ")";
  }

  private String modelOfRun(String runId) {
    if (runId == null) {
      return null;
    }
    return jdbi.withExtension(RunDao.class, dao -> dao.modelOfRun(runId)).orElse(null);
  }

  private record Context(Identity identity, SecurityContext original) implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return identity;
    }

    @Override
    public boolean isUserInRole(String role) {
      return identity.grants().stream()
          .anyMatch(g -> g.role().wire().equals(role) && Grant.EVERY_MODEL.equals(g.model()));
    }

    @Override
    public boolean isSecure() {
      return original != null && original.isSecure();
    }

    @Override
    public String getAuthenticationScheme() {
      return "Bearer";
    }
  }
}
