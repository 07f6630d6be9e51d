package dev.keel.engine.lineage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v1/datasets/{name}/versions/{version}/usage}: every run and model version that used a
 * dataset version.
 */
@Path("/v1/datasets/{name}/versions/{version}/usage")
@Produces(MediaType.APPLICATION_JSON)
public final class DatasetUsageResource {

  private final LineageService lineage;

  public DatasetUsageResource(LineageService lineage) {
    this.lineage = lineage;
  }

  @GET
  public UsageView get(@PathParam("name") String name, @PathParam("version") String version) {
    return lineage.usage(name, version);
  }
}
