package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.MlflowRequests.CreateExperiment;
import dev.keel.engine.mlflow.MlflowRequests.ExperimentId;
import dev.keel.engine.mlflow.MlflowRequests.SearchExperiments;
import dev.keel.engine.mlflow.MlflowRequests.SetExperimentTag;
import dev.keel.engine.mlflow.MlflowRequests.UpdateExperiment;
import dev.keel.engine.mlflow.MlflowViews.Experiment;
import dev.keel.engine.mlflow.MlflowViews.ExperimentsPage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** MLflow's {@code /api/2.0/mlflow/experiments/*} endpoints. */
@Path("/api/2.0/mlflow/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ExperimentsResource {

  private final TrackingService tracking;

  public ExperimentsResource(TrackingService tracking) {
    this.tracking = tracking;
  }

  @POST
  @Path("/create")
  public Map<String, String> create(CreateExperiment body) {
    CreateExperiment b = body(body);
    return Map.of(
        "experiment_id", tracking.createExperiment(b.name(), b.artifactLocation(), b.tags()));
  }

  @GET
  @Path("/get")
  public Map<String, Experiment> get(@QueryParam("experiment_id") String id) {
    return Map.of("experiment", tracking.experiment(id));
  }

  @GET
  @Path("/get-by-name")
  public Map<String, Experiment> getByName(@QueryParam("experiment_name") String name) {
    return Map.of("experiment", tracking.experimentByName(name));
  }

  @GET
  @Path("/search")
  public ExperimentsPage search(
      @QueryParam("filter") String filter,
      @QueryParam("view_type") String viewType,
      @QueryParam("max_results") Long maxResults,
      @QueryParam("page_token") String pageToken) {
    return tracking.searchExperiments(filter, viewType, maxResults, pageToken);
  }

  @POST
  @Path("/search")
  public ExperimentsPage search(SearchExperiments body) {
    SearchExperiments b = body == null ? new SearchExperiments(null, null, null, null) : body;
    return tracking.searchExperiments(b.filter(), b.viewType(), b.maxResults(), b.pageToken());
  }

  @POST
  @Path("/delete")
  public Map<String, Object> delete(ExperimentId body) {
    tracking.setExperimentStage(body(body).experimentId(), "deleted");
    return Map.of();
  }

  @POST
  @Path("/restore")
  public Map<String, Object> restore(ExperimentId body) {
    tracking.setExperimentStage(body(body).experimentId(), "active");
    return Map.of();
  }

  @POST
  @Path("/update")
  public Map<String, Object> update(UpdateExperiment body) {
    tracking.renameExperiment(body(body).experimentId(), body.newName());
    return Map.of();
  }

  @POST
  @Path("/set-experiment-tag")
  public Map<String, Object> setTag(SetExperimentTag body) {
    tracking.setExperimentTag(body(body).experimentId(), body.key(), body.value());
    return Map.of();
  }

  static <T> T body(T body) {
    if (body == null) {
      throw MlflowException.invalid("a JSON request body is required");
    }
    return body;
  }
}
