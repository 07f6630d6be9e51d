package dev.keel.engine.runs;

import dev.keel.engine.api.Actor;
import dev.keel.engine.api.IdempotencyKey;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code POST /v1/runs/{id}/restart}: a new run with the same inputs as an ended run (an {@code
 * INTERRUPTED} one, typically): 202 with the new run, 200 with the first one for a repeated {@code
 * Idempotency-Key}.
 */
@Path("/v1/runs/{id}/restart")
@Produces(MediaType.APPLICATION_JSON)
public final class RunRestartResource {

  private final RunService runs;

  public RunRestartResource(RunService runs) {
    this.runs = runs;
  }

  @POST
  public Response restart(
      @PathParam("id") String id,
      @HeaderParam(IdempotencyKey.HEADER) String key,
      @Context SecurityContext security) {
    RunService.Started started = runs.restart(id, IdempotencyKey.check(key), Actor.of(security));
    return Response.status(started.created() ? 202 : 200).entity(started.run()).build();
  }
}
