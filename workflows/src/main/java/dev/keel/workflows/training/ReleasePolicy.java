package dev.keel.workflows.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What happens to a candidate that passed its gates: who approves it and how it is deployed.
 *
 * @param approval {@code auto} (passing the gates approves) or {@code manual} (a person decides through the
 *     approval Update, within {@code approvalTimeoutSeconds}; no decision in time rejects)
 * @param canary null deploys at once; otherwise a share of traffic goes to the candidate first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleasePolicy(String approval, long approvalTimeoutSeconds, CanaryPolicy canary) {
  public static final String AUTO = "auto";
  public static final String MANUAL = "manual";

  public boolean manual() {
    return MANUAL.equals(approval);
  }
}
