package dev.keel.engine.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * MLflow's artifact proxy ({@code mlflow-artifacts}): clients upload, list, download and delete run
 * artifacts through the tracking server, which keeps them in {@link MlflowArtifactStore}. Bodies
 * are streamed both ways.
 */
@Path("/api/2.0/mlflow-artifacts/artifacts")
public final class ArtifactsProxyResource {

  /** A listed file as MLflow renders it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FileInfo(
      String path,
      @JsonProperty("is_dir") boolean isDir,
      @JsonProperty("file_size") Long fileSize) {

    static FileInfo of(MlflowArtifactStore.Entry e) {
      return new FileInfo(e.path(), e.isDir(), e.fileSize());
    }
  }

  private final MlflowArtifactStore store;

  public ArtifactsProxyResource(MlflowArtifactStore store) {
    this.store = store;
  }

  @PUT
  @Path("/{path: .+}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> upload(@Encoded @PathParam("path") String raw, InputStream body) {
    store.write(MlflowArtifactStore.decode(raw), body);
    return Map.of();
  }

  @GET
  @Path("/{path: .+}")
  @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
  public Response download(@Encoded @PathParam("path") String raw) {
    String path = MlflowArtifactStore.decode(raw);
    store.existing(path);
    StreamingOutput out = stream -> store.copy(path, stream);
    return Response.ok(out, MediaType.APPLICATION_OCTET_STREAM_TYPE).build();
  }

  /**
   * The entries of a directory ({@code path} absent: the store's root); names relative to that
   * directory.
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, List<FileInfo>> list(@QueryParam("path") String path) {
    String relative = path == null ? "" : trimSlashes(path);
    return Map.of("files", store.list(relative, "").stream().map(FileInfo::of).toList());
  }

  @DELETE
  @Path("/{path: .+}")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> delete(@Encoded @PathParam("path") String raw) {
    store.delete(MlflowArtifactStore.decode(raw));
    return Map.of();
  }

  /** MLflow clients send directory paths with or without a trailing slash. */
  static String trimSlashes(String path) {
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
