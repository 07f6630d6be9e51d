package dev.keel.engine.lineage;

import dev.keel.engine.api.VersionNumber;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/models/{name}/versions/{version}/reproduce[?wait=SECONDS]}: retrain a version
 * from its lineage and compare artifact hashes. 202 with the reproduction (and its {@code
 * Location}) while it runs; 200 once it has an answer within {@code wait}. {@code GET} on the same
 * path lists the version's reproductions.
 */
@Path("/v1/models/{name}/versions/{version}/reproduce")
@Produces(MediaType.APPLICATION_JSON)
public final class ReproduceResource {

  private final ReproductionService reproductions;

  public ReproduceResource(ReproductionService reproductions) {
    this.reproductions = reproductions;
  }

  @POST
  public Response reproduce(
      @PathParam("name") String name,
      @PathParam("version") String version,
      @QueryParam("wait") @DefaultValue("0") String wait) {
    int seconds;
    try {
      seconds = Integer.parseInt(wait);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 0 || seconds > ReproductionService.MAX_WAIT_SECONDS) {
      throw dev.keel.engine.api.ApiException.badRequest(
          "query parameter 'wait': '"
              + wait
              + "' is not a number of "
              + "seconds from 0 to "
              + ReproductionService.MAX_WAIT_SECONDS);
    }
    ReproductionView started = reproductions.start(name, VersionNumber.parse(version), seconds);
    return Response.status("RUNNING".equals(started.status()) ? 202 : 200)
        .location(URI.create("/v1/reproductions/" + started.id()))
        .entity(started)
        .build();
  }

  @GET
  public Map<String, List<ReproductionView>> list(
      @PathParam("name") String name, @PathParam("version") String version) {
    return Map.of("reproductions", reproductions.of(name, VersionNumber.parse(version)));
  }
}
