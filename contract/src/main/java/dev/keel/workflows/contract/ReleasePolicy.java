package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What happens to a candidate that passed its gates: who approves it and how it is deployed.
 *
 * @param approval {@code auto} (passing the gates approves), {@code manual} (a person decides
 *     through the approval Update, within {@code approvalTimeoutSeconds}; no decision in time
 *     rejects) or {@code none} (register only: the version is deployed by hand, if at all)
 * @param canary null deploys at once; otherwise a share of traffic goes to the candidate first
 * @param shadow null for none; otherwise the candidate scores a share of requests in the shadow of
 *     the champion first, and goes on to the canary or deploy only when it agrees with it
 * @param replay null for none; otherwise the candidate is scored on the champion's logged inputs
 *     before approval
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleasePolicy(
    String approval,
    long approvalTimeoutSeconds,
    CanaryPolicy canary,
    ShadowPolicy shadow,
    ReplayPolicy replay) {

  public ReleasePolicy(String approval, long approvalTimeoutSeconds, CanaryPolicy canary) {
    this(approval, approvalTimeoutSeconds, canary, null, null);
  }

  public static final String AUTO = "auto";
  public static final String MANUAL = "manual";
  public static final String NONE = "none";

  public boolean manual() {
    return MANUAL.equals(approval);
  }

  /** Whether a passing candidate goes on to approval and deployment. */
  public boolean releases() {
    return !NONE.equals(approval);
  }
}
