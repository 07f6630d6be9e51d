package dev.keel.workflows.training;

import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalRequest;
import dev.keel.workflows.contract.ApprovalWait;
import dev.keel.workflows.contract.RegistryActivities;
import dev.keel.workflows.contract.ReleasePolicy;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The approval step of both pipelines, as {@link Rollout} is their deploy step. A policy that is
 * not manual approves at once; a manual one waits for a person's decision through the pipeline's
 * Update until the policy's timeout, and no decision rejects (as {@code policy:timeout}). The
 * Update's validator ({@link #validate}) refuses a decision while nothing awaits one, and a second
 * decision. Workflow code: use from a pipeline implementation only.
 */
public final class ApprovalGate {

  private final RegistryActivities registry;
  private final String stage;
  private boolean awaiting;
  private ApprovalDecision decision;
  private boolean recorded;

  public ApprovalGate(RegistryActivities registry) {
    this(registry, null);
  }

  /**
   * A gate at {@code stage}: null for the release approval, another stage's name (a data check's
   * hold) for a decision that is recorded as that stage's, not as the run's approval.
   */
  public ApprovalGate(RegistryActivities registry, String stage) {
    this.registry = registry;
    this.stage = stage;
  }

  /** Whether a person's decision is awaited now. */
  public boolean awaiting() {
    return awaiting;
  }

  /**
   * Decides {@code wait}'s version under {@code release}: at once when the policy approves by
   * itself (with {@code autoComment}), else after a person's decision or the timeout.
   */
  public ApprovalDecision await(ApprovalWait wait, ReleasePolicy release, String autoComment) {
    if (!release.manual()) {
      decision =
          new ApprovalDecision(
              wait.runId(),
              wait.model(),
              wait.version(),
              ApprovalRequest.APPROVE,
              "policy:auto",
              autoComment,
              Workflow.currentTimeMillis(),
              stage);
      registry.recordApproval(decision);
      return decision;
    }
    awaiting = true;
    AwaitingApproval.announce(registry, wait);
    boolean decided =
        Workflow.await(Duration.ofSeconds(release.approvalTimeoutSeconds()), () -> recorded);
    awaiting = false;
    if (!decided && decision == null) {
      decision =
          new ApprovalDecision(
              wait.runId(),
              wait.model(),
              wait.version(),
              ApprovalRequest.REJECT,
              "policy:timeout",
              "no decision within " + release.approvalTimeoutSeconds() + " s",
              Workflow.currentTimeMillis(),
              stage);
      registry.recordApproval(decision);
      return decision;
    }
    Workflow.await(() -> recorded); // a decision whose record is still being written
    return decision;
  }

  /**
   * The Update's validator: refuses an unknown decision, a second one, and one while nothing awaits
   * it.
   */
  public void validate(String runId, ApprovalRequest approval, String stage) {
    if (approval == null
        || !(ApprovalRequest.APPROVE.equals(approval.decision())
            || ApprovalRequest.REJECT.equals(approval.decision()))) {
      throw new IllegalArgumentException(
          "unknown decision '"
              + (approval == null ? null : approval.decision())
              + "'; expected 'approve' or 'reject'");
    }
    if (decision != null) {
      throw new IllegalStateException(
          "run "
              + runId
              + " was already decided: "
              + decision.decision()
              + " by "
              + decision.actor());
    }
    if (!awaiting) {
      throw new IllegalStateException(
          "run " + runId + " is not awaiting approval (stage: " + stage + ")");
    }
  }

  /** The Update's handler: records a person's decision on the version being decided. */
  public ApprovalDecision decide(
      String runId, String model, Integer version, ApprovalRequest approval) {
    decision =
        new ApprovalDecision(
            runId,
            model,
            version,
            approval.decision(),
            approval.actor(),
            approval.comment(),
            Workflow.currentTimeMillis(),
            stage);
    registry.recordApproval(decision);
    recorded = true;
    return decision;
  }

  /** The decision, once there is one. */
  public ApprovalDecision decision() {
    return decision;
  }
}
