package dev.keel.engine.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One row of the audit log.
 *
 * @param actor who acted: an authenticated identity, a policy ({@code policy:auto}) or a workflow
 * @param action what was done, e.g. {@code POST /v1/models/{name}/runs}, {@code approval}, {@code
 *     deploy}
 * @param target what it was done to (a path, a model and version, a run)
 * @param outcome {@code ok}, {@code rejected} (4xx), {@code denied} (401/403) or {@code error}
 *     (5xx), or a decision ({@code approve}, {@code reject})
 * @param requestId the API request it belongs to ({@code X-Request-Id}), when there was one
 * @param detail free text or JSON with specifics; never personal data
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String action,
    String target,
    String outcome,
    String requestId,
    String detail,
    String prevHash,
    String hash) {

  /** The instant as its column takes it: a timestamp with time zone, in UTC. */
  public OffsetDateTime atUtc() {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
