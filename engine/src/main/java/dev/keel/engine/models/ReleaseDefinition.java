package dev.keel.engine.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keel.workflows.contract.CanaryPolicy;
import dev.keel.workflows.contract.ReplayPolicy;
import dev.keel.workflows.contract.ShadowPolicy;

/**
 * The {@code release} of a model definition: {@code approval} is {@code auto} (default: passing the
 * gates approves) or {@code manual} (a person decides within {@code approvalTimeoutSeconds},
 * default 7 days); {@code canary}, when given, sends a share of traffic to the candidate for a
 * window before promoting it; {@code shadow}, when given, first runs the candidate in the shadow of
 * the champion and judges its agreement; {@code replay}, when given, scores the candidate on the
 * champion's latest logged inputs before approval.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseDefinition(
    String approval,
    Long approvalTimeoutSeconds,
    CanaryPolicy canary,
    ShadowPolicy shadow,
    ReplayPolicy replay) {

  public ReleaseDefinition(String approval, Long approvalTimeoutSeconds, CanaryPolicy canary) {
    this(approval, approvalTimeoutSeconds, canary, null, null);
  }

  public static final long DEFAULT_APPROVAL_TIMEOUT = 7 * 24 * 3600;

  public ReleaseDefinition withDefaults() {
    return new ReleaseDefinition(
        approval == null ? "auto" : approval,
        approvalTimeoutSeconds == null ? DEFAULT_APPROVAL_TIMEOUT : approvalTimeoutSeconds,
        canary,
        shadow,
        replay);
  }
}
