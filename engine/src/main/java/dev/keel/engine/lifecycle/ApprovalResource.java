package dev.keel.engine.lifecycle;

import dev.keel.engine.api.Actor;
import dev.keel.workflows.contract.ApprovalDecision;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code POST /v1/runs/{id}/approval}: a person's decision on a candidate awaiting approval. 200
 * with the recorded decision; 409 when the run is not awaiting approval; 400 for an unknown
 * decision.
 */
@Path("/v1/runs/{id}/approval")
@Produces(MediaType.APPLICATION_JSON)
public final class ApprovalResource {

  private final LifecycleService lifecycles;

  public ApprovalResource(LifecycleService lifecycles) {
    this.lifecycles = lifecycles;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public ApprovalDecision decide(
      @PathParam("id") String runId, @Context SecurityContext security, ApprovalBody body) {
    return lifecycles.decide(runId, body, Actor.of(security));
  }
}
