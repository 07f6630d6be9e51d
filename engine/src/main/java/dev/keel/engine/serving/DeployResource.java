package dev.keel.engine.serving;

import dev.keel.engine.api.Actor;
import dev.keel.engine.api.ApiException;
import dev.keel.engine.webhooks.ServingEvents;
import dev.keel.engine.webhooks.WebhookEvents;
import dev.keel.engine.webhooks.WebhookPublisher;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/models/{name}/deploy}: serve a PASSED (or APPROVED) version as champion. */
@Path("/v1/models/{name}/deploy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DeployResource {

  private static final Logger LOG = LoggerFactory.getLogger(DeployResource.class);

  private final DeploymentService deployments;
  private final WebhookPublisher webhooks;

  /**
   * @param webhooks where the deployment is announced ({@code deployment.done})
   */
  public DeployResource(DeploymentService deployments, WebhookPublisher webhooks) {
    this.deployments = deployments;
    this.webhooks = webhooks;
  }

  @POST
  public ServingStateView deploy(
      @PathParam("name") String name, @Context SecurityContext security, DeployRequest request) {
    if (request == null || request.version() == null) {
      throw ApiException.badRequest("field 'version' is required: the model version to deploy");
    }
    String actor = Actor.of(security);
    ServingStateView state = deployments.deploy(name, request.version(), actor, request.reason());
    try {
      ServingEvents.announce(
          webhooks,
          WebhookEvents.DEPLOYMENT_DONE,
          state.model(),
          state.version(),
          state.generation(),
          null,
          actor,
          request.reason());
    } catch (RuntimeException e) {
      // the deployment is made and audited: say so rather than fail the call
      LOG.error("deployed {} v{} but could not announce it to webhooks", name, state.version(), e);
    }
    return state;
  }
}
