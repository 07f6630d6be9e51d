package dev.keel.engine.audit;

import dev.keel.engine.api.ApiException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/audit[?after=ID&limit=N&actor=NAME]}: audit rows oldest first, paged by id; {@code
 * GET /v1/audit/verify}: re-checks the whole hash chain and names the first row that no longer
 * matches.
 */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {

  private static final int MAX_LIMIT = 1000;

  private final AuditLog audit;

  public AuditResource(AuditLog audit) {
    this.audit = audit;
  }

  @GET
  public Map<String, Object> list(
      @QueryParam("after") @DefaultValue("0") String after,
      @QueryParam("limit") @DefaultValue("100") String limit,
      @QueryParam("actor") String actor) {
    long afterId = number("after", after, 0, Long.MAX_VALUE);
    int n = (int) number("limit", limit, 1, MAX_LIMIT);
    List<AuditEntry> entries =
        audit.list(afterId, n, actor == null || actor.isBlank() ? null : actor);
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("entries", entries);
    page.put("next", entries.size() < n ? null : entries.get(entries.size() - 1).id());
    return page;
  }

  /** The audit log as CSV for spreadsheets (formula-like cells neutralised), oldest first. */
  @GET
  @Path("/export.csv")
  @Produces("text/csv")
  public jakarta.ws.rs.core.Response export(
      @QueryParam("after") @DefaultValue("0") String after,
      @QueryParam("limit") @DefaultValue("1000") String limit) {
    long afterId = number("after", after, 0, Long.MAX_VALUE);
    int n = (int) number("limit", limit, 1, MAX_LIMIT);
    StringBuilder csv =
        new StringBuilder(
            dev.keel.engine.api.CsvExport.row(
                List.of(
                    "id",
                    "at",
                    "actor",
                    "action",
                    "target",
                    "outcome",
                    "request_id",
                    "detail",
                    "hash")));
    for (AuditEntry e : audit.list(afterId, n, null)) {
      csv.append(
          dev.keel.engine.api.CsvExport.row(
              java.util.Arrays.asList(
                  e.id(),
                  e.at(),
                  e.actor(),
                  e.action(),
                  e.target(),
                  e.outcome(),
                  e.requestId(),
                  e.detail(),
                  e.hash())));
    }
    return jakarta.ws.rs.core.Response.ok(csv.toString(), "text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"keel-audit.csv\"")
        .build();
  }

  @GET
  @Path("/verify")
  public AuditLog.Verification verify() {
    return audit.verify();
  }

  private static long number(String name, String text, long min, long max) {
    try {
      long n = Long.parseLong(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiException.badRequest(
        "query parameter '"
            + name
            + "': '"
            + text
            + "' is not a number from "
            + min
            + " to "
            + max);
  }
}
