package dev.keel.engine.runs;

import dev.keel.engine.api.Actor;
import dev.keel.engine.api.ApiException;
import dev.keel.engine.api.IdempotencyKey;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/models/{name}/runs}: start a training run (202 with its id) and list a model's runs,
 * newest first ({@code ?status=AWAITING_APPROVAL}, or any {@link RunStatus}, lists only the runs
 * that have it). An {@code Idempotency-Key} header makes a retried start return the first run (200)
 * instead of starting another.
 */
@Path("/v1/models/{name}/runs")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelRunsResource {

  private final RunService runs;

  public ModelRunsResource(RunService runs) {
    this.runs = runs;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response start(
      @PathParam("name") String model,
      @HeaderParam(IdempotencyKey.HEADER) String key,
      @Context SecurityContext security,
      RunRequest request) {
    RunService.Started started =
        runs.start(model, request, IdempotencyKey.check(key), Actor.of(security));
    return Response.status(started.created() ? 202 : 200).entity(started.run()).build();
  }

  @GET
  public Map<String, List<RunView>> list(
      @PathParam("name") String model,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("status") String status) {
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("query parameter 'limit' must be between 1 and 1000");
    }
    RunStatus wanted =
        status == null
            ? null
            : RunStatus.of(status)
                .orElseThrow(
                    () ->
                        ApiException.badRequest(
                            "query parameter 'status': '"
                                + status
                                + "' is not a run status; expected one of "
                                + java.util.Arrays.toString(RunStatus.values())));
    return Map.of("runs", runs.list(model, wanted, limit));
  }
}
