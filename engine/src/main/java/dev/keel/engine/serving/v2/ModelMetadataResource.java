package dev.keel.engine.serving.v2;

import dev.keel.engine.api.VersionNumber;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v2/models/{name}} and {@code /v2/models/{name}/versions/{version}}. */
@Path("/v2/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelMetadataResource {

  private final InferenceService inference;

  public ModelMetadataResource(InferenceService inference) {
    this.inference = inference;
  }

  @GET
  public Protocol.ModelMetadata metadata(@PathParam("name") String name) {
    return inference.metadata(name, null);
  }

  @GET
  @Path("versions/{version}")
  public Protocol.ModelMetadata metadata(
      @PathParam("name") String name, @PathParam("version") String version) {
    return inference.metadata(name, VersionNumber.parse(version));
  }
}
