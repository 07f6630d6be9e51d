package dev.keel.engine.erasure;

import dev.keel.engine.api.Actor;
import dev.keel.engine.api.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code POST /v1/erasures {"subject": "…"}} (admin): erase a data subject, durably and
 * idempotently (202 when started, 200 with the existing erasure for the same subject); {@code GET
 * /v1/erasures/{id}}: its status and report.
 */
@Path("/v1/erasures")
@Produces(MediaType.APPLICATION_JSON)
public final class ErasureResource {

  /** Body of the request. */
  public record ErasureBody(String subject) {}

  private final ErasureService erasures;

  public ErasureResource(ErasureService erasures) {
    this.erasures = erasures;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response erase(@Context SecurityContext security, ErasureBody body) {
    if (body == null) {
      throw ApiException.badRequest("request body is required: {\"subject\": \"...\"}");
    }
    ErasureService.Started started = erasures.start(body.subject(), Actor.of(security));
    return Response.status(started.created() ? 202 : 200).entity(started.erasure()).build();
  }

  @GET
  @Path("/{id}")
  public ErasureService.ErasureView get(@PathParam("id") String id) {
    return erasures.get(id);
  }
}
