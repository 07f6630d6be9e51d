package dev.keel.engine.runs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /v1/runs/{id}}: one run with its stages, metrics, gates and registered version. */
@Path("/v1/runs/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class RunResource {

  private final RunService runs;

  public RunResource(RunService runs) {
    this.runs = runs;
  }

  @GET
  public RunView get(@PathParam("id") String id) {
    return runs.get(id);
  }
}
