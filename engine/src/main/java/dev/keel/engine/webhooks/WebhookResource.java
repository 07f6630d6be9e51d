package dev.keel.engine.webhooks;

import dev.keel.engine.api.Actor;
import dev.keel.engine.errors.InvalidInput;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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
 * {@code /v1/webhooks} (role {@code admin}): register, list, show and delete webhooks, read a
 * webhook's delivery log and send it a test {@code ping}.
 */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public final class WebhookResource {

  static final int MAX_LIMIT = 1_000;

  private final Webhooks webhooks;

  WebhookResource(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@Context SecurityContext security, Webhooks.NewWebhook body) {
    return Response.status(201).entity(webhooks.create(body, Actor.of(security))).build();
  }

  @GET
  public Map<String, List<Webhooks.WebhookView>> list() {
    return Map.of("webhooks", webhooks.list());
  }

  @GET
  @Path("/{id}")
  public Webhooks.WebhookView get(@PathParam("id") String id) {
    return webhooks.get(id);
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
    webhooks.delete(id, Actor.of(security));
    return Response.noContent().build();
  }

  @GET
  @Path("/{id}/deliveries")
  public Map<String, List<Webhooks.DeliveryView>> deliveries(
      @PathParam("id") String id, @QueryParam("limit") @DefaultValue("100") int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInput(
          "query parameter 'limit' is " + limit + "; expected 1 to " + MAX_LIMIT);
    }
    return Map.of("deliveries", webhooks.deliveries(id, limit));
  }

  @POST
  @Path("/{id}/test")
  public Response test(@Context SecurityContext security, @PathParam("id") String id) {
    return Response.status(202).entity(webhooks.ping(id, Actor.of(security))).build();
  }
}
