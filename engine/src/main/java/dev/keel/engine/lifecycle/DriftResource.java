package dev.keel.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.api.ApiException;
import dev.keel.engine.models.ModelService;
import dev.keel.workflows.lifecycle.MonitorCheck;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /v1/models/{name}/drift}: the latest drift report and the history, newest first. */
@Path("/v1/models/{name}/drift")
@Produces(MediaType.APPLICATION_JSON)
public final class DriftResource {

  /**
   * One stored report: when, which version, window, what drifted and why the policy tripped (or
   * not).
   */
  public record Report(
      long id,
      OffsetDateTime createdAt,
      Integer version,
      int windowSize,
      boolean drifted,
      boolean tripped,
      String reason,
      Double liveAccuracy,
      JsonNode report) {}

  /** The response: the latest report (null before the first check) and the history. */
  public record Reports(Report latest, List<Report> history) {}

  /**
   * What an on-demand check did and how long it took, reading the window from the store included.
   */
  public record CheckNow(MonitorCheck check, double seconds) {}

  private final Jdbi jdbi;
  private final ModelService models;
  private final ObjectMapper json;
  private final MonitorActivitiesImpl monitor;

  public DriftResource(
      Jdbi jdbi, ModelService models, ObjectMapper json, MonitorActivitiesImpl monitor) {
    this.jdbi = jdbi;
    this.models = models;
    this.json = json;
    this.monitor = monitor;
  }

  /**
   * {@code POST /v1/models/{name}/drift/check[?window=n]}: a monitoring check now, over the latest
   * {@code n} logged inputs (at most 100,000), stored like the monitor's own; the lifecycle is not
   * signalled.
   */
  @POST
  @Path("/check")
  public CheckNow checkNow(@PathParam("name") String name, @QueryParam("window") Integer window) {
    if (window != null && (window < 1 || window > 100_000)) {
      throw ApiException.badRequest("query parameter 'window' must be between 1 and 100000");
    }
    models.row(name);
    long started = System.nanoTime();
    MonitorCheck check = monitor.check(name, window);
    return new CheckNow(check, (System.nanoTime() - started) / 1e9);
  }

  @GET
  public Reports get(
      @PathParam("name") String name, @QueryParam("limit") @DefaultValue("20") int limit) {
    if (limit < 1 || limit > 500) {
      throw ApiException.badRequest("query parameter 'limit' must be between 1 and 500");
    }
    long modelId = models.row(name).id();
    List<Report> history =
        jdbi.withExtension(DriftReportDao.class, dao -> dao.history(modelId, limit)).stream()
            .map(this::report)
            .toList();
    return new Reports(history.isEmpty() ? null : history.get(0), history);
  }

  private Report report(DriftReportDao.Stored r) {
    try {
      return new Report(
          r.id(),
          r.createdAt(),
          r.version(),
          r.windowSize(),
          r.drifted(),
          r.tripped(),
          r.reason(),
          r.liveAccuracy(),
          json.readTree(r.body()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
