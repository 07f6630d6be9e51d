package dev.keel.engine.lineage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v1/reproductions/{id}}: a reproduction and, once it has run, whether the hashes
 * matched.
 */
@Path("/v1/reproductions/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class ReproductionResource {

  private final ReproductionService reproductions;

  public ReproductionResource(ReproductionService reproductions) {
    this.reproductions = reproductions;
  }

  @GET
  public ReproductionView get(@PathParam("id") String id) {
    return reproductions.get(id);
  }
}
