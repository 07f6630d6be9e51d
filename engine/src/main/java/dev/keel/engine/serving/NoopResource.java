package dev.keel.engine.serving;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code POST /v1/noop}: a benchmark baseline. It takes a predict body (parsed the same way, so
 * JSON decoding costs the same) and returns a constant small answer without touching a model, the
 * log or the database; the throughput of predict next to it on the same server shows what serving
 * itself costs.
 */
@Path("/v1/noop")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class NoopResource {

  private static final Map<String, Object> ANSWER = Map.of("ok", true);

  @POST
  public Map<String, Object> noop(PredictRequest request) {
    return ANSWER;
  }
}
