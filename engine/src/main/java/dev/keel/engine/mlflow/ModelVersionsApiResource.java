package dev.keel.engine.mlflow;

import static dev.keel.engine.mlflow.RegistryChecks.body;

import dev.keel.engine.mlflow.RegistryRequests.CreateVersion;
import dev.keel.engine.mlflow.RegistryRequests.TransitionStage;
import dev.keel.engine.mlflow.RegistryRequests.UpdateVersion;
import dev.keel.engine.mlflow.RegistryRequests.VersionRef;
import dev.keel.engine.mlflow.RegistryRequests.VersionTag;
import dev.keel.engine.mlflow.RegistryViews.ModelVersion;
import dev.keel.engine.mlflow.RegistryViews.ModelVersionsPage;
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
 * MLflow's {@code /api/2.0/mlflow/model-versions/*} endpoints. DELETE requests carry their fields
 * as a JSON body or as query parameters; both are read.
 */
@Path("/api/2.0/mlflow/model-versions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ModelVersionsApiResource {

  private final ModelVersionService versions;

  public ModelVersionsApiResource(ModelVersionService versions) {
    this.versions = versions;
  }

  @POST
  @Path("/create")
  public Map<String, ModelVersion> create(
      @jakarta.ws.rs.core.Context jakarta.ws.rs.core.SecurityContext security, CreateVersion body) {
    CreateVersion b = body(body);
    return Map.of(
        "model_version",
        versions.create(
            b.name(),
            b.source(),
            b.runId(),
            b.tags(),
            b.runLink(),
            b.description(),
            dev.keel.engine.api.Actor.of(security)));
  }

  @GET
  @Path("/get")
  public Map<String, ModelVersion> get(
      @QueryParam("name") String name, @QueryParam("version") String version) {
    return Map.of("model_version", versions.get(name, version));
  }

  @GET
  @Path("/search")
  public ModelVersionsPage search(
      @QueryParam("filter") String filter,
      @QueryParam("max_results") String maxResults,
      @QueryParam("order_by") List<String> orderBy,
      @QueryParam("page_token") String pageToken) {
    return versions.search(filter, maxResults, orderBy, pageToken);
  }

  @PATCH
  @Path("/update")
  public Map<String, ModelVersion> update(UpdateVersion body) {
    UpdateVersion b = body(body);
    return Map.of("model_version", versions.update(b.name(), b.version(), b.description()));
  }

  @DELETE
  @Path("/delete")
  public Map<String, Object> delete(
      @QueryParam("name") String name, @QueryParam("version") String version, VersionRef body) {
    if (body != null && body.name() != null) {
      versions.delete(body.name(), body.version());
    } else {
      versions.delete(name, version);
    }
    return Map.of();
  }

  @GET
  @Path("/get-download-uri")
  public Map<String, String> downloadUri(
      @QueryParam("name") String name, @QueryParam("version") String version) {
    return Map.of("artifact_uri", versions.downloadUri(name, version));
  }

  @POST
  @Path("/set-tag")
  public Map<String, Object> setTag(VersionTag body) {
    VersionTag b = body(body);
    versions.setTag(b.name(), b.version(), b.key(), b.value());
    return Map.of();
  }

  @DELETE
  @Path("/delete-tag")
  public Map<String, Object> deleteTag(
      @QueryParam("name") String name,
      @QueryParam("version") String version,
      @QueryParam("key") String key,
      VersionTag body) {
    if (body != null && body.name() != null) {
      versions.deleteTag(body.name(), body.version(), body.key());
    } else {
      versions.deleteTag(name, version, key);
    }
    return Map.of();
  }

  @POST
  @Path("/transition-stage")
  public Map<String, ModelVersion> transition(TransitionStage body) {
    TransitionStage b = body(body);
    return Map.of("model_version", versions.transition(b.name(), b.version(), b.stage()));
  }
}
