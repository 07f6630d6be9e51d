package dev.keel.engine.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keel.engine.mlflow.ArtifactsProxyResource.FileInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /api/2.0/mlflow/artifacts/list}: a tracking run's artifacts, with paths relative to
 * the run's artifact URI (e.g. {@code model/MLmodel}). Runs whose artifacts live elsewhere than
 * this server's {@code mlflow-artifacts} store list nothing here.
 */
@Path("/api/2.0/mlflow/artifacts/list")
@Produces(MediaType.APPLICATION_JSON)
public final class RunArtifactsResource {

  /** MLflow's answer: the run's artifact root and the listed files. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Listing(@JsonProperty("root_uri") String rootUri, List<FileInfo> files) {}

  private final Jdbi jdbi;
  private final MlflowArtifactStore store;

  public RunArtifactsResource(Jdbi jdbi, MlflowArtifactStore store) {
    this.jdbi = jdbi;
    this.store = store;
  }

  @GET
  public Listing list(
      @QueryParam("run_id") String runId,
      @QueryParam("run_uuid") String runUuid,
      @QueryParam("path") String path) {
    String id = runId != null && !runId.isEmpty() ? runId : runUuid;
    if (id == null || id.isEmpty()) {
      throw MlflowException.invalid("parameter 'run_id' is required");
    }
    String root =
        jdbi.withExtension(RunLinkDao.class, dao -> dao.runArtifactUri(id))
            .orElseThrow(() -> MlflowException.notFound("run '" + id + "' does not exist"));
    String sub = path == null ? "" : ArtifactsProxyResource.trimSlashes(path);
    if (!root.startsWith(MlflowArtifactStore.SCHEME)) {
      return new Listing(root, List.of());
    }
    String runRoot = ArtifactsProxyResource.trimSlashes(MlflowArtifactStore.pathOf(root));
    store.file(sub); // the sub-path alone must be a clean relative path
    String dir = sub.isEmpty() ? runRoot : runRoot + "/" + sub;
    String prefix = sub.isEmpty() ? "" : sub + "/";
    return new Listing(root, store.list(dir, prefix).stream().map(FileInfo::of).toList());
  }
}
