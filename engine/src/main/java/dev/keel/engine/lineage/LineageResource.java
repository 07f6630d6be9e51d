package dev.keel.engine.lineage;

import dev.keel.engine.api.VersionNumber;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v1/models/{name}/versions/{version}/lineage}: what made a model version and where it
 * went.
 */
@Path("/v1/models/{name}/versions/{version}/lineage")
@Produces(MediaType.APPLICATION_JSON)
public final class LineageResource {

  private final LineageService lineage;

  public LineageResource(LineageService lineage) {
    this.lineage = lineage;
  }

  @GET
  public LineageView get(@PathParam("name") String name, @PathParam("version") String version) {
    return lineage.lineage(name, VersionNumber.parse(version));
  }
}
