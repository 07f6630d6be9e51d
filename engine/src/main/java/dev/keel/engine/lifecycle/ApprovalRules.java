package dev.keel.engine.lifecycle;

import dev.keel.engine.errors.Forbidden;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.workflows.contract.ApprovalRequest;

/** What every approval decision must satisfy, on a run or on a registered version. */
final class ApprovalRules {

  private ApprovalRules() {}

  /** 400 unless the body holds {@code approve} or {@code reject}. */
  static void requireDecision(ApprovalBody body) {
    if (body == null || body.decision() == null) {
      throw new InvalidInput("field 'decision' is required: 'approve' or 'reject'");
    }
    if (!ApprovalRequest.APPROVE.equals(body.decision())
        && !ApprovalRequest.REJECT.equals(body.decision())) {
      throw new InvalidInput(
          "field 'decision': '"
              + body.decision()
              + "' is not a decision; expected "
              + "'approve' or 'reject'");
    }
  }

  /**
   * Separation of duties: 403 when the deciding person started the run ({@code started}, e.g.
   * "started run X") or registered the version ({@code registered}) under decision.
   */
  static void requireAnotherPerson(
      String actor, String startedBy, String registeredBy, String started, String registered) {
    if (actor.equals(startedBy) || actor.equals(registeredBy)) {
      throw new Forbidden(
          "separation of duties: '"
              + actor
              + "' "
              + (actor.equals(startedBy) ? started : registered)
              + " and may not decide its approval; another approver "
              + "must");
    }
  }
}
