package dev.keel.engine.retention;

import dev.keel.workflows.retention.RetentionReport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /v1/retention}: the retention workflow's last sweep; {@code POST /v1/retention/sweep}:
 * sweep now.
 */
@Path("/v1/retention")
@Produces(MediaType.APPLICATION_JSON)
public final class RetentionResource {

  private final RetentionService retention;

  public RetentionResource(RetentionService retention) {
    this.retention = retention;
  }

  @GET
  public Map<String, Object> last() {
    Map<String, Object> view = new HashMap<>();
    view.put("workflowId", retention.workflowId());
    RetentionReport last = retention.last();
    view.put("last", last);
    return view;
  }

  @POST
  @Path("/sweep")
  public Response sweep() {
    retention.sweepNow();
    return Response.accepted(Map.of("workflowId", retention.workflowId())).build();
  }
}
