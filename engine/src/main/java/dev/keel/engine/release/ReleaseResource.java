package dev.keel.engine.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.keel.engine.api.Actor;
import dev.keel.engine.api.ApiException;
import dev.keel.engine.api.StrictJson;
import dev.keel.engine.api.UnknownFields;
import dev.keel.engine.api.VersionNumber;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code POST /v1/models/{name}/versions/{n}/release}: starts a release run (import → approve →
 * deploy) of an existing version; 202 with the run. The body is optional (see {@link ReleaseBody}).
 * 409 when the version is the champion, is being released, or was rejected.
 */
@Path("/v1/models/{name}/versions/{version}/release")
@Produces(MediaType.APPLICATION_JSON)
public final class ReleaseResource {

  private final ReleaseService releases;
  private final StrictJson json;

  public ReleaseResource(ReleaseService releases, StrictJson json) {
    this.releases = releases;
    this.json = json;
  }

  @POST
  @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
  public Response release(
      @PathParam("name") String model,
      @PathParam("version") String version,
      @Context SecurityContext security,
      String text) {
    int n = VersionNumber.parse(version);
    ReleaseBody body = null;
    if (text != null && !text.isBlank()) {
      try {
        body = json.read(text, ReleaseBody.class);
      } catch (UnrecognizedPropertyException e) {
        throw ApiException.badRequest(UnknownFields.describe(e));
      } catch (JsonProcessingException e) {
        throw ApiException.badRequest(
            "request body: expected a JSON object like {\"policy\": \"manual\"|\"auto\", "
                + "\"features\": [...], \"labels\": [...], \"comment\": ...}: "
                + e.getOriginalMessage());
      }
    }
    return Response.status(202).entity(releases.start(model, n, body, Actor.of(security))).build();
  }
}
