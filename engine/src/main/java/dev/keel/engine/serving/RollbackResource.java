package dev.keel.engine.serving;

import dev.keel.engine.api.Actor;
import dev.keel.engine.lifecycle.LifecycleService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** {@code POST /v1/models/{name}/rollback}: serve the previous (or the given) version again. */
@Path("/v1/models/{name}/rollback")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public final class RollbackResource {

  private final LifecycleService lifecycles;
  private final DeploymentService deployments;

  public RollbackResource(LifecycleService lifecycles, DeploymentService deployments) {
    this.lifecycles = lifecycles;
    this.deployments = deployments;
  }

  @POST
  public ServingStateView rollback(
      @PathParam("name") String name, @Context SecurityContext security, DeployRequest request) {
    // through the model's lifecycle, which records it on the timeline
    lifecycles.rollback(
        name,
        request == null ? null : request.version(),
        Actor.of(security),
        request == null ? null : request.reason());
    return deployments.state(name);
  }
}
