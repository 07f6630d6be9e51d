package dev.keel.engine.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keel.workflows.contract.CanaryPolicy;

/**
 * The {@code release} of a model definition: {@code approval} is {@code auto} (default: passing the
 * gates approves) or {@code manual} (a person decides within {@code approvalTimeoutSeconds},
 * default 7 days); {@code canary}, when given, sends a share of traffic to the candidate for a
 * window before promoting it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseDefinition(String approval, Long approvalTimeoutSeconds, CanaryPolicy canary) {

  public static final long DEFAULT_APPROVAL_TIMEOUT = 7 * 24 * 3600;

  public ReleaseDefinition withDefaults() {
    return new ReleaseDefinition(
        approval == null ? "auto" : approval,
        approvalTimeoutSeconds == null ? DEFAULT_APPROVAL_TIMEOUT : approvalTimeoutSeconds,
        canary);
  }
}
