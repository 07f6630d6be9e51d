package dev.keel.engine.lifecycle;

import dev.keel.engine.audit.AuditLog;
import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.runs.RunStatus;
import dev.keel.workflows.training.ApprovalRequest;
import dev.keel.workflows.training.VersionStatus;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.Jdbi;

/** Approval decisions on registered versions outside a run (see {@link VersionApprovalResource}). */
public final class VersionApprovals {

  /** A recorded decision. */
  public record Decision(String model, int version, String decision, String actor, String comment,
      OffsetDateTime decidedAt, String status) {}

  private record Target(long modelId, String status, String runId, String runStatus, String startedBy,
      String createdBy, boolean decided) {}

  private final Jdbi jdbi;

  public VersionApprovals(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Decision decide(String model, int version, ApprovalBody body, String actor) {
    ApprovalRules.requireDecision(body);
    return jdbi.inTransaction(h -> {
      Target t = h.createQuery("""
              SELECT m.id, v.status, v.run_id, r.status AS run_status, r.started_by, v.created_by,
                     EXISTS (SELECT 1 FROM approvals a WHERE a.run_id = v.run_id) AS decided
              FROM models m JOIN model_versions v ON v.model_id = m.id LEFT JOIN runs r ON r.id = v.run_id
              WHERE m.name = :model AND v.version = :version
              FOR UPDATE OF v""")
          .bind("model", model).bind("version", version)
          .map((rs, ctx) -> new Target(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getBoolean(7)))
          .findOne()
          .orElseThrow(() -> new NotFound("model '" + model + "' has no version " + version));
      if (t.runId() == null) {
        throw new Conflict("version " + version + " of model '" + model + "' was registered from outside "
            + "Keel; release it (POST /v1/models/" + model + "/versions/" + version + "/release) to have it approved");
      }
      if (RunStatus.inFlight(t.runStatus())) {
        throw new Conflict("version " + version + " of model '" + model + "' belongs to run " + t.runId()
            + ", which is still running; decide on the run (POST /v1/runs/" + t.runId() + "/approval)");
      }
      if (t.decided() || !VersionStatus.awaitsDecision(t.status())) {
        throw new Conflict("version " + version + " of model '" + model + "' has status " + t.status()
            + (t.decided() ? " and was already decided" : "") + "; only a PASSED version awaits a decision");
      }
      ApprovalRules.requireAnotherPerson(actor, t.startedBy(), t.createdBy(), "started the run of version " + version
          + " of model '" + model + "'", "registered version " + version + " of model '" + model + "'");
      OffsetDateTime at = OffsetDateTime.now();
      h.createUpdate("INSERT INTO approvals (run_id, model_id, version, decision, actor, comment, decided_at) "
              + "VALUES (:run, :modelId, :version, :decision, :actor, :comment, :at)")
          .bind("run", t.runId()).bind("modelId", t.modelId()).bind("version", version)
          .bind("decision", body.decision()).bind("actor", actor).bind("comment", body.comment()).bind("at", at)
          .execute();
      String status = (ApprovalRequest.APPROVE.equals(body.decision()) ? VersionStatus.APPROVED
          : VersionStatus.REJECTED).name();
      h.createUpdate("UPDATE model_versions SET status = :status WHERE model_id = :modelId AND version = :version")
          .bind("status", status).bind("modelId", t.modelId()).bind("version", version).execute();
      AuditLog.append(h, actor, "approval", model + " v" + version + " (run " + t.runId() + ")", body.decision(),
          null, null);
      return new Decision(model, version, body.decision(), actor, body.comment(), at, status);
    });
  }
}
