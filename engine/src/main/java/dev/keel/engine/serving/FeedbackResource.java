package dev.keel.engine.serving;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /v1/models/{name}/feedback}: the true outcome of a prediction; 201 new, 200 the same
 * again.
 */
@Path("/v1/models/{name}/feedback")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class FeedbackResource {

  private final LiveQuality quality;

  public FeedbackResource(LiveQuality quality) {
    this.quality = quality;
  }

  @POST
  public Response feedback(@PathParam("name") String name, FeedbackRequest request) {
    LiveQuality.Recorded recorded = quality.feedback(name, request);
    return Response.status(recorded.created() ? 201 : 200).entity(recorded.quality()).build();
  }
}
