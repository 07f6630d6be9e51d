package dev.keel.engine.serving;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v1/models/{name}/live[?version=n]}: live quality of the served (or the given)
 * version.
 */
@Path("/v1/models/{name}/live")
@Produces(MediaType.APPLICATION_JSON)
public final class LiveResource {

  private final LiveQuality quality;

  public LiveResource(LiveQuality quality) {
    this.quality = quality;
  }

  @GET
  public LiveQualityView live(
      @PathParam("name") String name, @QueryParam("version") Integer version) {
    return quality.live(name, version);
  }
}
