package dev.keel.engine.serving.v2;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /v2}: the server's metadata. */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public final class ServerResource {

  private final String version;

  public ServerResource(String version) {
    this.version = version;
  }

  @GET
  public Protocol.ServerMetadata metadata() {
    return new Protocol.ServerMetadata("keel", version, List.of());
  }
}
