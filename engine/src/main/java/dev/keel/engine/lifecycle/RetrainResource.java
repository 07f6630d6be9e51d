package dev.keel.engine.lifecycle;

import dev.keel.engine.api.Actor;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code POST /v1/models/{name}/retrain}: asks the model's lifecycle to retrain (on the given
 * dataset version, or the newest version of its dataset). 202: the lifecycle starts the run when
 * none is in flight.
 */
@Path("/v1/models/{name}/retrain")
@Produces(MediaType.APPLICATION_JSON)
public final class RetrainResource {

  private final LifecycleService lifecycles;

  public RetrainResource(LifecycleService lifecycles) {
    this.lifecycles = lifecycles;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response retrain(
      @PathParam("name") String model, @Context SecurityContext security, RetrainBody body) {
    return Response.accepted(lifecycles.retrain(model, body, Actor.of(security))).build();
  }
}
