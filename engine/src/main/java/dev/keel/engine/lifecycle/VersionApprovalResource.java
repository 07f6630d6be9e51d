package dev.keel.engine.lifecycle;

import dev.keel.engine.api.Actor;
import dev.keel.engine.api.VersionNumber;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code POST /v1/models/{name}/versions/{version}/approval}: a person's decision on a version that
 * was registered without a release (release approval {@code none}), so that an operator may deploy
 * it by hand later. The same rules as a run's approval: role {@code approver}, and not the person
 * who started its run or registered it.
 */
@Path("/v1/models/{name}/versions/{version}/approval")
@Produces(MediaType.APPLICATION_JSON)
public final class VersionApprovalResource {

  private final VersionApprovals approvals;

  public VersionApprovalResource(VersionApprovals approvals) {
    this.approvals = approvals;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public VersionApprovals.Decision decide(
      @PathParam("name") String name,
      @PathParam("version") String version,
      @Context SecurityContext security,
      ApprovalBody body) {
    int n = VersionNumber.parse(version);
    return approvals.decide(name, n, body, Actor.of(security));
  }
}
