package dev.keel.engine.runs;

import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.GateResult;
import dev.keel.workflows.contract.StageRecord;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A run as the API returns it. {@code status} is {@code RUNNING}, {@code AWAITING_APPROVAL} (stage
 * {@code approve}: its candidate waits for a person's decision; {@code RUNNING} again, deploying,
 * once decided), {@code SUCCEEDED} (gates passed, version registered, and with a release,
 * deployed), {@code REJECTED} (gates failed, the version is registered as rejected; or the approval
 * was refused), {@code ROLLED_BACK} (its canary was unhealthy), {@code FAILED} (a stage failed;
 * {@code error} says which and why) or {@code INTERRUPTED} (its workflow is gone, e.g. the
 * developer stack was restarted while it ran); see {@link RunStatus}. {@code trackingRunId} is the
 * run's MLflow tracking run (null for runs recorded before Keel tracked its runs). A release run
 * ({@code pipeline} {@code ReleasePipeline}) has no dataset: it imports, approves and deploys an
 * existing version ({@code modelVersion}).
 */
public record RunView(
    String id,
    String model,
    String pipeline,
    DatasetRef dataset,
    String status,
    String stage,
    List<StageRecord> stages,
    Map<String, Double> metrics,
    Map<String, Double> championMetrics,
    List<GateResult> gates,
    Integer modelVersion,
    String error,
    Approval approval,
    OffsetDateTime createdAt,
    OffsetDateTime endedAt,
    String trackingRunId) {

  /**
   * The recorded approval decision on the run's candidate: what, who (a person or a policy), when
   * and why.
   */
  public record Approval(String decision, String actor, String comment, OffsetDateTime decidedAt) {}

  static RunView of(RunRow r, String stage, List<StageRecord> stages, Approval approval) {
    return new RunView(
        r.id(),
        r.model(),
        r.pipeline(),
        r.datasetName() == null ? null : new DatasetRef(r.datasetName(), r.datasetVersion()),
        r.status(),
        stage,
        stages,
        r.metrics(),
        r.championMetrics(),
        r.gates(),
        r.modelVersion(),
        r.error(),
        approval,
        r.createdAt(),
        r.endedAt(),
        r.trackingRunId());
  }
}
