package dev.keel.engine.serving;

import dev.keel.engine.api.Actor;
import dev.keel.engine.api.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** {@code POST /v1/models/{name}/deploy}: serve a PASSED (or APPROVED) version as champion. */
@Path("/v1/models/{name}/deploy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DeployResource {

  private final DeploymentService deployments;

  public DeployResource(DeploymentService deployments) {
    this.deployments = deployments;
  }

  @POST
  public ServingStateView deploy(
      @PathParam("name") String name, @Context SecurityContext security, DeployRequest request) {
    if (request == null || request.version() == null) {
      throw ApiException.badRequest("field 'version' is required: the model version to deploy");
    }
    return deployments.deploy(name, request.version(), Actor.of(security), request.reason());
  }
}
