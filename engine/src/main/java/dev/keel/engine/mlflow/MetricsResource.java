package dev.keel.engine.mlflow;

import static dev.keel.engine.mlflow.RunsResource.either;

import dev.keel.engine.mlflow.MlflowViews.MetricsPage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * MLflow's {@code /api/2.0/mlflow/metrics/get-history}: every logged point of one metric of a run.
 */
@Path("/api/2.0/mlflow/metrics/get-history")
@Produces(MediaType.APPLICATION_JSON)
public final class MetricsResource {

  private final TrackingService tracking;

  public MetricsResource(TrackingService tracking) {
    this.tracking = tracking;
  }

  @GET
  public MetricsPage history(
      @QueryParam("run_id") String runId,
      @QueryParam("run_uuid") String runUuid,
      @QueryParam("metric_key") String key,
      @QueryParam("max_results") Long maxResults,
      @QueryParam("page_token") String pageToken) {
    return tracking.metricHistory(either(runId, runUuid), key, maxResults, pageToken);
  }
}
