package dev.keel.engine.serving.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.api.VersionNumber;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /v2/models/{name}/infer} (routed as {@code /v1} predict: champion, or canary for its
 * share) and {@code /v2/models/{name}/versions/{version}/infer} (that served version).
 */
@Path("/v2/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class InferResource {

  private final InferenceService inference;

  public InferResource(InferenceService inference) {
    this.inference = inference;
  }

  @POST
  @Path("infer")
  public Protocol.InferResponse infer(@PathParam("name") String name, JsonNode body) {
    return inference.infer(name, null, body);
  }

  @POST
  @Path("versions/{version}/infer")
  public Protocol.InferResponse infer(
      @PathParam("name") String name, @PathParam("version") String version, JsonNode body) {
    return inference.infer(name, VersionNumber.parse(version), body);
  }
}
