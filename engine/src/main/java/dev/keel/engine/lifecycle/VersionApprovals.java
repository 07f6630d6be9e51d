package dev.keel.engine.lifecycle;

import dev.keel.engine.audit.AuditLog;
import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.models.VersionDao;
import dev.keel.engine.runs.RunDao;
import dev.keel.engine.runs.RunRow;
import dev.keel.engine.runs.RunStatus;
import dev.keel.workflows.contract.ApprovalRequest;
import dev.keel.workflows.contract.VersionStatus;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.Jdbi;

/**
 * Approval decisions on registered versions outside a run (see {@link VersionApprovalResource}).
 */
public final class VersionApprovals {

  /** A recorded decision. */
  public record Decision(
      String model,
      int version,
      String decision,
      String actor,
      String comment,
      OffsetDateTime decidedAt,
      String status) {}

  private record Target(
      long modelId,
      String status,
      String runId,
      String runStatus,
      String startedBy,
      String createdBy,
      boolean decided) {}

  private final Jdbi jdbi;

  public VersionApprovals(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Decision decide(String model, int version, ApprovalBody body, String actor) {
    ApprovalRules.requireDecision(body);
    return jdbi.inTransaction(
        h -> {
          VersionDao versions = h.attach(VersionDao.class);
          RunDao runs = h.attach(RunDao.class);
          VersionDao.Decidable v =
              versions
                  .lockDecidable(model, version)
                  .orElseThrow(
                      () -> new NotFound("model '" + model + "' has no version " + version));
          Target t =
              v.runId() == null
                  ? new Target(v.modelId(), v.status(), null, null, null, v.createdBy(), false)
                  : new Target(
                      v.modelId(),
                      v.status(),
                      v.runId(),
                      runs.find(v.runId()).map(RunRow::status).orElse(null),
                      runs.starter(v.runId()).map(RunDao.Starter::startedBy).orElse(null),
                      v.createdBy(),
                      runs.approval(v.runId()).isPresent());
          if (t.runId() == null) {
            throw new Conflict(
                "version "
                    + version
                    + " of model '"
                    + model
                    + "' was registered from outside "
                    + "Keel; release it (POST /v1/models/"
                    + model
                    + "/versions/"
                    + version
                    + "/release) to have it approved");
          }
          if (RunStatus.inFlight(t.runStatus())) {
            throw new Conflict(
                "version "
                    + version
                    + " of model '"
                    + model
                    + "' belongs to run "
                    + t.runId()
                    + ", which is still running; decide on the run (POST /v1/runs/"
                    + t.runId()
                    + "/approval)");
          }
          if (t.decided() || !VersionStatus.awaitsDecision(t.status())) {
            throw new Conflict(
                "version "
                    + version
                    + " of model '"
                    + model
                    + "' has status "
                    + t.status()
                    + (t.decided() ? " and was already decided" : "")
                    + "; only a PASSED version awaits a decision");
          }
          ApprovalRules.requireAnotherPerson(
              actor,
              t.startedBy(),
              t.createdBy(),
              "started the run of version " + version + " of model '" + model + "'",
              "registered version " + version + " of model '" + model + "'");
          OffsetDateTime at = OffsetDateTime.now();
          if (runs.insertApproval(t.runId(), version, body.decision(), actor, body.comment(), at)
              == 0) {
            throw new Conflict(
                "version " + version + " of model '" + model + "' was already decided");
          }
          boolean approved = ApprovalRequest.APPROVE.equals(body.decision());
          versions.decide(t.modelId(), version, approved);
          String status = (approved ? VersionStatus.APPROVED : VersionStatus.REJECTED).name();
          AuditLog.append(
              h,
              actor,
              "approval",
              model + " v" + version + " (run " + t.runId() + ")",
              body.decision(),
              null,
              null);
          return new Decision(model, version, body.decision(), actor, body.comment(), at, status);
        });
  }
}
