package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A recorded approval decision. {@code actor} is the person, or {@code policy:auto} / {@code
 * policy:timeout} when the policy decided; {@code decidedAt} is workflow time in epoch
 * milliseconds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalDecision(
    String runId,
    String model,
    Integer version,
    String decision,
    String actor,
    String comment,
    long decidedAt) {

  public boolean approved() {
    return ApprovalRequest.APPROVE.equals(decision);
  }
}
