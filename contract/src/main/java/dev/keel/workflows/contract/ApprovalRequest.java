package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A person's decision on a candidate awaiting approval: {@code approve} or {@code reject}, who, and
 * why.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalRequest(String decision, String actor, String comment) {
  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
}
