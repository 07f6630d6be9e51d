package dev.keel.engine.mlflow;

import static dev.keel.engine.mlflow.RegistryChecks.body;

import dev.keel.engine.mlflow.RegistryRequests.CreateModel;
import dev.keel.engine.mlflow.RegistryRequests.DeleteAlias;
import dev.keel.engine.mlflow.RegistryRequests.LatestVersions;
import dev.keel.engine.mlflow.RegistryRequests.ModelName;
import dev.keel.engine.mlflow.RegistryRequests.ModelTag;
import dev.keel.engine.mlflow.RegistryRequests.RenameModel;
import dev.keel.engine.mlflow.RegistryRequests.SetAlias;
import dev.keel.engine.mlflow.RegistryRequests.UpdateModel;
import dev.keel.engine.mlflow.RegistryViews.ModelVersion;
import dev.keel.engine.mlflow.RegistryViews.RegisteredModel;
import dev.keel.engine.mlflow.RegistryViews.RegisteredModelsPage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * MLflow's {@code /api/2.0/mlflow/registered-models/*} endpoints. DELETE requests carry their
 * fields as a JSON body (MLflow's Python client) or as query parameters (other clients); both are
 * read.
 */
@Path("/api/2.0/mlflow/registered-models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class RegisteredModelsResource {

  private final RegisteredModelService models;

  public RegisteredModelsResource(RegisteredModelService models) {
    this.models = models;
  }

  @POST
  @Path("/create")
  public Map<String, RegisteredModel> create(CreateModel body) {
    CreateModel b = body(body);
    return Map.of("registered_model", models.create(b.name(), b.tags(), b.description()));
  }

  @GET
  @Path("/get")
  public Map<String, RegisteredModel> get(@QueryParam("name") String name) {
    return Map.of("registered_model", models.get(name));
  }

  @GET
  @Path("/search")
  public RegisteredModelsPage search(
      @QueryParam("filter") String filter,
      @QueryParam("max_results") String maxResults,
      @QueryParam("order_by") List<String> orderBy,
      @QueryParam("page_token") String pageToken) {
    return models.search(filter, maxResults, orderBy, pageToken);
  }

  @POST
  @Path("/rename")
  public Map<String, RegisteredModel> rename(RenameModel body) {
    RenameModel b = body(body);
    return Map.of("registered_model", models.rename(b.name(), b.newName()));
  }

  @PATCH
  @Path("/update")
  public Map<String, RegisteredModel> update(UpdateModel body) {
    UpdateModel b = body(body);
    return Map.of("registered_model", models.update(b.name(), b.description()));
  }

  @DELETE
  @Path("/delete")
  public Map<String, Object> delete(@QueryParam("name") String name, ModelName body) {
    models.delete(body != null && body.name() != null ? body.name() : name);
    return Map.of();
  }

  @GET
  @Path("/get-latest-versions")
  public Map<String, List<ModelVersion>> latest(
      @QueryParam("name") String name, @QueryParam("stages") List<String> stages) {
    return Map.of("model_versions", models.latestVersions(name, stages));
  }

  @POST
  @Path("/get-latest-versions")
  public Map<String, List<ModelVersion>> latest(LatestVersions body) {
    LatestVersions b = body(body);
    return Map.of("model_versions", models.latestVersions(b.name(), b.stages()));
  }

  @POST
  @Path("/set-tag")
  public Map<String, Object> setTag(ModelTag body) {
    ModelTag b = body(body);
    models.setTag(b.name(), b.key(), b.value());
    return Map.of();
  }

  @DELETE
  @Path("/delete-tag")
  public Map<String, Object> deleteTag(
      @QueryParam("name") String name, @QueryParam("key") String key, ModelTag body) {
    if (body != null && body.name() != null) {
      models.deleteTag(body.name(), body.key());
    } else {
      models.deleteTag(name, key);
    }
    return Map.of();
  }

  @POST
  @Path("/alias")
  public Map<String, Object> setAlias(SetAlias body) {
    SetAlias b = body(body);
    models.setAlias(b.name(), b.alias(), b.version());
    return Map.of();
  }

  @DELETE
  @Path("/alias")
  public Map<String, Object> deleteAlias(
      @QueryParam("name") String name, @QueryParam("alias") String alias, DeleteAlias body) {
    if (body != null && body.name() != null) {
      models.deleteAlias(body.name(), body.alias());
    } else {
      models.deleteAlias(name, alias);
    }
    return Map.of();
  }

  @GET
  @Path("/alias")
  public Map<String, ModelVersion> byAlias(
      @QueryParam("name") String name, @QueryParam("alias") String alias) {
    return Map.of("model_version", models.byAlias(name, alias));
  }
}
