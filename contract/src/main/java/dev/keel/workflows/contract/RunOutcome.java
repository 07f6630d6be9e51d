package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The final record of a run, written once (idempotently) to Keel's store by {@link
 * RegistryActivities#recordOutcome}.
 *
 * @param status {@code SUCCEEDED} (gates passed, version registered, and — with a release policy —
 *     approved and deployed), {@code REJECTED} (gates failed, or approval refused or timed out),
 *     {@code ROLLED_BACK} (its canary was unhealthy) or {@code FAILED} (a stage failed; {@code
 *     error} says which and why)
 * @param registration the version to register, or null when the run failed before evaluation
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunOutcome(
    String runId,
    String model,
    String status,
    List<StageRecord> stages,
    Map<String, Double> metrics,
    Map<String, Double> championMetrics,
    List<GateResult> gates,
    String error,
    Registration registration) {

  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String REJECTED = "REJECTED";
  public static final String FAILED = "FAILED";

  /** Approved and deployed as a canary, then rolled back because the canary was unhealthy. */
  public static final String ROLLED_BACK = "ROLLED_BACK";
}
