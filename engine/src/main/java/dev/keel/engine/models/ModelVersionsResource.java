package dev.keel.engine.models;

import dev.keel.engine.api.VersionNumber;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** {@code /v1/models/{name}/versions}: registered versions with metrics, gates and lineage. */
@Path("/v1/models/{name}/versions")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelVersionsResource {

  private final ModelService models;

  public ModelVersionsResource(ModelService models) {
    this.models = models;
  }

  @GET
  public Map<String, List<VersionView>> list(@PathParam("name") String name) {
    return Map.of("versions", models.versions(name));
  }

  @GET
  @Path("/{version}")
  public VersionView get(@PathParam("name") String name, @PathParam("version") String version) {
    int n = VersionNumber.parse(version);
    return models.version(name, n);
  }
}
