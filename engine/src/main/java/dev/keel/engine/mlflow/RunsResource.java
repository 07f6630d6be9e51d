package dev.keel.engine.mlflow;

import static dev.keel.engine.mlflow.ExperimentsResource.body;

import dev.keel.engine.mlflow.MlflowRequests.CreateRun;
import dev.keel.engine.mlflow.MlflowRequests.LogBatch;
import dev.keel.engine.mlflow.MlflowRequests.LogMetric;
import dev.keel.engine.mlflow.MlflowRequests.MetricInput;
import dev.keel.engine.mlflow.MlflowRequests.RunId;
import dev.keel.engine.mlflow.MlflowRequests.RunKeyValue;
import dev.keel.engine.mlflow.MlflowRequests.SearchRuns;
import dev.keel.engine.mlflow.MlflowRequests.UpdateRun;
import dev.keel.engine.mlflow.MlflowViews.KeyValue;
import dev.keel.engine.mlflow.MlflowViews.Run;
import dev.keel.engine.mlflow.MlflowViews.RunInfo;
import dev.keel.engine.mlflow.MlflowViews.RunsPage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * MLflow's {@code /api/2.0/mlflow/runs/*} endpoints. Old clients send {@code run_uuid}; it stands
 * for run_id.
 */
@Path("/api/2.0/mlflow/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class RunsResource {

  private final TrackingService tracking;

  public RunsResource(TrackingService tracking) {
    this.tracking = tracking;
  }

  @POST
  @Path("/create")
  public Map<String, Run> create(CreateRun body) {
    CreateRun b = body(body);
    return Map.of(
        "run",
        tracking.createRun(b.experimentId(), b.userId(), b.startTime(), b.runName(), b.tags()));
  }

  @GET
  @Path("/get")
  public Map<String, Run> get(
      @QueryParam("run_id") String runId, @QueryParam("run_uuid") String runUuid) {
    return Map.of("run", tracking.run(either(runId, runUuid)));
  }

  @POST
  @Path("/update")
  public Map<String, RunInfo> update(UpdateRun body) {
    UpdateRun b = body(body);
    return Map.of(
        "run_info",
        tracking.updateRun(either(b.runId(), b.runUuid()), b.status(), b.endTime(), b.runName()));
  }

  @POST
  @Path("/delete")
  public Map<String, Object> delete(RunId body) {
    tracking.setRunStage(body(body).runId(), "deleted");
    return Map.of();
  }

  @POST
  @Path("/restore")
  public Map<String, Object> restore(RunId body) {
    tracking.setRunStage(body(body).runId(), "active");
    return Map.of();
  }

  @POST
  @Path("/log-metric")
  public Map<String, Object> logMetric(LogMetric body) {
    LogMetric b = body(body);
    tracking.logBatch(
        either(b.runId(), b.runUuid()),
        List.of(new MetricInput(b.key(), b.value(), b.timestamp(), b.step())),
        null,
        null);
    return Map.of();
  }

  @POST
  @Path("/log-parameter")
  public Map<String, Object> logParameter(RunKeyValue body) {
    RunKeyValue b = body(body);
    tracking.logBatch(
        either(b.runId(), b.runUuid()), null, List.of(new KeyValue(b.key(), b.value())), null);
    return Map.of();
  }

  @POST
  @Path("/set-tag")
  public Map<String, Object> setTag(RunKeyValue body) {
    RunKeyValue b = body(body);
    tracking.logBatch(
        either(b.runId(), b.runUuid()), null, null, List.of(new KeyValue(b.key(), b.value())));
    return Map.of();
  }

  @POST
  @Path("/delete-tag")
  public Map<String, Object> deleteTag(RunKeyValue body) {
    RunKeyValue b = body(body);
    tracking.deleteTag(either(b.runId(), b.runUuid()), b.key());
    return Map.of();
  }

  @POST
  @Path("/log-batch")
  public Map<String, Object> logBatch(LogBatch body) {
    LogBatch b = body(body);
    tracking.logBatch(b.runId(), b.metrics(), b.params(), b.tags());
    return Map.of();
  }

  @POST
  @Path("/search")
  public RunsPage search(SearchRuns body) {
    SearchRuns b = body(body);
    return tracking.searchRuns(
        b.experimentIds(), b.filter(), b.runViewType(), b.maxResults(), b.orderBy(), b.pageToken());
  }

  @GET
  @Path("/search")
  public RunsPage search(
      @QueryParam("experiment_ids") List<String> experimentIds,
      @QueryParam("filter") String filter,
      @QueryParam("run_view_type") String viewType,
      @QueryParam("max_results") Long maxResults,
      @QueryParam("order_by") List<String> orderBy,
      @QueryParam("page_token") String pageToken) {
    return tracking.searchRuns(experimentIds, filter, viewType, maxResults, orderBy, pageToken);
  }

  static String either(String runId, String runUuid) {
    return runId != null && !runId.isBlank() ? runId : runUuid;
  }
}
