package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A recorded approval decision. {@code actor} is the person, or {@code policy:auto} / {@code
 * policy:timeout} when the policy decided; {@code decidedAt} is workflow time in epoch
 * milliseconds. {@code stage} is the stage decided: null for the release approval ({@code
 * approve}), {@code dataCheck} for a person releasing or rejecting a run held by its data check
 * (recorded in the audit log and on the stage, not as the run's approval).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalDecision(
    String runId,
    String model,
    Integer version,
    String decision,
    String actor,
    String comment,
    long decidedAt,
    String stage) {

  /** A decision of the release approval. */
  public ApprovalDecision(
      String runId,
      String model,
      Integer version,
      String decision,
      String actor,
      String comment,
      long decidedAt) {
    this(runId, model, version, decision, actor, comment, decidedAt, null);
  }

  public boolean approved() {
    return ApprovalRequest.APPROVE.equals(decision);
  }
}
