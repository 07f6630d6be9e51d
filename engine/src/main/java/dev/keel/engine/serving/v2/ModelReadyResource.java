package dev.keel.engine.serving.v2;

import dev.keel.engine.api.VersionNumber;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v2/models/{name}/ready} and {@code /v2/models/{name}/versions/{version}/ready}: 200
 * when this engine serves it, 400 (the protocol's 4xx for false) when it exists but is not served,
 * 404 when it does not exist.
 */
@Path("/v2/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelReadyResource {

  private final InferenceService inference;

  public ModelReadyResource(InferenceService inference) {
    this.inference = inference;
  }

  @GET
  @Path("ready")
  public Response ready(@PathParam("name") String name) {
    return answer(name, inference.ready(name, null));
  }

  @GET
  @Path("versions/{version}/ready")
  public Response ready(@PathParam("name") String name, @PathParam("version") String version) {
    return answer(name, inference.ready(name, VersionNumber.parse(version)));
  }

  private static Response answer(String name, boolean ready) {
    return Response.status(ready ? 200 : 400).entity(new Protocol.ModelReady(name, ready)).build();
  }
}
