package dev.keel.engine.datasets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/datasets/{name}/versions}: a dataset's versions, newest first; one version with its
 * profile; and its rows.
 */
@Path("/v1/datasets/{name}/versions")
@Produces(MediaType.APPLICATION_JSON)
public final class DatasetVersionsResource {

  private final DatasetService datasets;

  public DatasetVersionsResource(DatasetService datasets) {
    this.datasets = datasets;
  }

  @GET
  public Map<String, List<DatasetView>> list(@PathParam("name") String name) {
    return Map.of("versions", datasets.versions(name));
  }

  /** The version's rows as canonical CSV; 410 once an erasure destroyed its key. */
  @GET
  @Path("/{version}/content")
  @Produces("text/csv")
  public byte[] content(@PathParam("name") String name, @PathParam("version") String version) {
    return datasets.content(name, version);
  }

  @GET
  @Path("/{version}")
  public DatasetView get(@PathParam("name") String name, @PathParam("version") String version) {
    return datasets.version(name, version);
  }
}
