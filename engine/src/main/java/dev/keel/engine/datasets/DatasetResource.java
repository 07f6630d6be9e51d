package dev.keel.engine.datasets;

import dev.keel.engine.api.ApiException;
import dev.keel.engine.errors.DomainException;
import dev.keel.engine.lifecycle.LifecycleService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/** {@code /v1/datasets}: register a dataset version, list datasets. */
@Path("/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public final class DatasetResource {

  private final DatasetService datasets;
  private final LifecycleService lifecycles;

  public DatasetResource(DatasetService datasets, LifecycleService lifecycles) {
    this.datasets = datasets;
    this.lifecycles = lifecycles;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response registerFromSource(DatasetRequest request) {
    if (request == null) {
      throw ApiException.badRequest("request body is required: {\"name\": ..., \"source\": ...}");
    }
    return respond(datasets.registerFromSource(request.name(), request.source()));
  }

  @POST
  @Consumes({"text/csv", "application/csv"})
  public Response registerCsv(
      @QueryParam("name") String name,
      @HeaderParam("Content-Type") MediaType type,
      InputStream body) {
    if (name == null) {
      throw ApiException.badRequest("query parameter 'name' is required with a text/csv body");
    }
    // RequestHeaders has refused a charset Java does not know
    String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
    try {
      return respond(
          datasets.register(
              name, body, "upload", charset == null ? null : Charset.forName(charset)));
    } catch (ApiException | DomainException e) {
      drain(body);
      throw e;
    }
  }

  /**
   * Reads what is left of a refused upload (at most the body limit), so that a client still sending
   * it reads the answer instead of a broken connection.
   */
  private static void drain(InputStream body) {
    try {
      body.transferTo(OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      // past the body limit, or the client went away: the answer stands
    }
  }

  @GET
  public Map<String, List<String>> list() {
    return Map.of("datasets", datasets.names());
  }

  private Response respond(DatasetService.Registered registered) {
    if (registered.created()) {
      lifecycles.newData(registered.dataset());
    }
    return Response.status(registered.created() ? 201 : 200).entity(registered.dataset()).build();
  }
}
