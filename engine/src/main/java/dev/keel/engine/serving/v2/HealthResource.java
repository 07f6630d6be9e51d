package dev.keel.engine.serving.v2;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v2/health/live} and {@code /v2/health/ready}: 200 when true, 400 (the protocol's 4xx)
 * when not ready, with the boolean in the body as well.
 */
@Path("/v2/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {

  private final InferenceService inference;

  public HealthResource(InferenceService inference) {
    this.inference = inference;
  }

  /** Answered whenever the process answers at all. */
  @GET
  @Path("live")
  public Protocol.Live live() {
    return new Protocol.Live(true);
  }

  /** Ready once this engine serves every deployed model (see {@code ServingRegistry#ready}). */
  @GET
  @Path("ready")
  public Response ready() {
    boolean ready = inference.ready();
    return Response.status(ready ? 200 : 400).entity(new Protocol.Ready(ready)).build();
  }
}
