package dev.keel.engine.auth;

import dev.keel.engine.api.Actor;
import dev.keel.engine.api.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;

/**
 * Identity administration (role {@code admin}): {@code /v1/users}, their role grants, and API
 * tokens; and {@code GET /v1/me} for any caller.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class IdentityResource {

  /** Body of {@code POST /v1/users}. */
  public record NewUser(String name) {}

  /**
   * Body of {@code POST /v1/users/{name}/grants}; {@code model} null grants the role on every
   * model.
   */
  public record NewGrant(String role, String model) {}

  /** Body of {@code POST /v1/tokens}. */
  public record NewToken(
      String user, String kind, String model, Integer expiresInDays, String description) {}

  private final IdentityStore store;
  private final Authenticator authenticator;

  public IdentityResource(IdentityStore store, Authenticator authenticator) {
    this.store = store;
    this.authenticator = authenticator;
  }

  @GET
  @Path("/me")
  public Map<String, Object> me(@Context SecurityContext security) {
    Identity identity = (Identity) security.getUserPrincipal();
    return identity.servingModel() != null
        ? Map.of(
            "name", identity.name(), "via", identity.via(), "servingModel", identity.servingModel())
        : Map.of("name", identity.name(), "via", identity.via(), "roles", identity.roleNames());
  }

  @GET
  @Path("/users")
  public Map<String, List<IdentityStore.UserView>> users() {
    return Map.of("users", store.users());
  }

  @POST
  @Path("/users")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createUser(@Context SecurityContext security, NewUser body) {
    if (body == null) {
      throw ApiException.badRequest("request body is required: {\"name\": \"...\"}");
    }
    return Response.status(201).entity(store.createUser(body.name(), Actor.of(security))).build();
  }

  @GET
  @Path("/users/{name}")
  public IdentityStore.UserView user(@PathParam("name") String name) {
    return store.user(name);
  }

  @POST
  @Path("/users/{name}/grants")
  @Consumes(MediaType.APPLICATION_JSON)
  public IdentityStore.UserView grant(
      @Context SecurityContext security, @PathParam("name") String name, NewGrant body) {
    if (body == null || body.role() == null) {
      throw ApiException.badRequest("field 'role' is required; expected one of " + Role.names());
    }
    IdentityStore.UserView user = store.grant(name, body.role(), body.model(), Actor.of(security));
    authenticator.forget(null);
    return user;
  }

  @DELETE
  @Path("/users/{name}/grants")
  public IdentityStore.UserView revokeGrant(
      @Context SecurityContext security,
      @PathParam("name") String name,
      @QueryParam("role") String role,
      @QueryParam("model") String model) {
    if (role == null) {
      throw ApiException.badRequest(
          "query parameter 'role' is required; expected one of " + Role.names());
    }
    IdentityStore.UserView user = store.revoke(name, role, model, Actor.of(security));
    authenticator.forget(null);
    return user;
  }

  @GET
  @Path("/tokens")
  public Map<String, List<IdentityStore.TokenView>> tokens(@QueryParam("user") String user) {
    return Map.of("tokens", store.tokens(user));
  }

  @POST
  @Path("/tokens")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response issue(@Context SecurityContext security, NewToken body) {
    if (body == null || body.user() == null) {
      throw ApiException.badRequest("field 'user' is required: the user the token acts as");
    }
    return Response.status(201)
        .entity(
            store.issue(
                body.user(),
                body.kind(),
                body.model(),
                body.expiresInDays(),
                body.description(),
                Actor.of(security)))
        .build();
  }

  @DELETE
  @Path("/tokens/{id}")
  public Response revoke(@Context SecurityContext security, @PathParam("id") String id) {
    store.revokeToken(id, Actor.of(security));
    authenticator.forget(id);
    return Response.noContent().build();
  }
}
