package dev.keel.engine.serving;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/models/{name}/deployments}: serving state and deployment history. */
@Path("/v1/models/{name}/deployments")
@Produces(MediaType.APPLICATION_JSON)
public final class DeploymentsResource {

  private final DeploymentService deployments;

  public DeploymentsResource(DeploymentService deployments) {
    this.deployments = deployments;
  }

  @GET
  public DeploymentsView get(@PathParam("name") String name) {
    return new DeploymentsView(deployments.state(name), deployments.history(name));
  }
}
