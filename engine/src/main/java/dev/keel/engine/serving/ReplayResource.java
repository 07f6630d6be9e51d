package dev.keel.engine.serving;

import dev.keel.workflows.contract.ReplayReport;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code POST /v1/models/{name}/versions/{version}/replay}: scores a version on the model's latest
 * logged inputs and compares with what was logged, changing nothing.
 */
@Path("/v1/models/{name}/versions/{version}/replay")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public final class ReplayResource {

  /** The body: how many of the latest logged inputs to replay (default 1000). */
  public record ReplayBody(Integer lastN) {}

  /** The answer: agreement, counts and the first disagreeing examples. */
  public record ReplayView(
      String model,
      int version,
      double agreement,
      long replayed,
      long agreed,
      List<ReplayReport.Disagreement> disagreements) {}

  private final ShadowService shadows;

  public ReplayResource(ShadowService shadows) {
    this.shadows = shadows;
  }

  @POST
  public ReplayView replay(
      @PathParam("name") String name, @PathParam("version") int version, ReplayBody body) {
    ReplayReport report = shadows.replayVersion(name, version, body == null ? null : body.lastN());
    return new ReplayView(
        name,
        version,
        report.agreement(),
        report.replayed(),
        report.agreed(),
        report.disagreements());
  }
}
