package dev.keel.workflows.training;

import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalWait;
import dev.keel.workflows.contract.DataCheck;
import dev.keel.workflows.contract.DataCheckActivities;
import dev.keel.workflows.contract.DataCheckRequest;
import dev.keel.workflows.contract.DataCheckResult;
import dev.keel.workflows.contract.DataValidationPolicy;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.ReleasePolicy;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.StageRecord;

/**
 * The {@code dataCheck} stage of an automatic retrain, between {@code validate} and training: the
 * new dataset version against the champion's training data ({@link DataCheckActivities}, on the
 * compute queue), then the policy's answer to the problems found: {@code warn} records them and
 * goes on, {@code fail} ends the run {@code FAILED}, {@code hold} waits for a person's decision
 * through the pipeline's approval Update ({@code approve} trains, {@code reject} or no decision
 * within the timeout ends the run {@code REJECTED}). Workflow code.
 */
final class DataCheckStage {

  static final String STAGE = "dataCheck";

  /** How the run goes on: {@code status} null to train, else the run's final status and error. */
  record Outcome(String status, String error) {
    static final Outcome TRAIN = new Outcome(null, null);

    boolean stops() {
      return status != null;
    }
  }

  private final PipelineStages stages;
  private final ApprovalGate hold;

  DataCheckStage(PipelineStages stages, ApprovalGate hold) {
    this.stages = stages;
    this.hold = hold;
  }

  /** Runs the check of {@code request}'s dataset; throws a {@code StageFailure} when it fails. */
  Outcome run(PipelineRequest request, ModelSpec spec) {
    DataCheck check = request.dataCheck();
    DataValidationPolicy policy = check.policy().withDefaults();
    DataCheckActivities checks = PipelineActivities.dataChecks(request.computeQueueOrDefault());
    DataCheckResult result =
        stages.run(
            STAGE,
            () ->
                checks.check(
                    new DataCheckRequest(request.dataset(), check.baseline(), spec, policy)),
            DataCheckResult::stats);
    if (result.passed()) {
      stages.detail(STAGE, result.summary());
      return Outcome.TRAIN;
    }
    String found = result.summary() + ": " + String.join("; ", result.problems());
    switch (policy.onFailure()) {
      case DataValidationPolicy.WARN -> {
        stages.detail(STAGE, "warning (onFailure: warn): " + found);
        return Outcome.TRAIN;
      }
      case DataValidationPolicy.HOLD -> {
        return hold(request, check, found);
      }
      default -> {
        stages.mark(STAGE, StageRecord.FAILED, found);
        return new Outcome(RunOutcome.FAILED, STAGE + ": " + String.join("; ", result.problems()));
      }
    }
  }

  private Outcome hold(PipelineRequest request, DataCheck check, String found) {
    String held = "held for a person (approve to train, reject to stop; onFailure: hold): " + found;
    stages.mark(STAGE, StageRecord.RUNNING, held);
    ApprovalDecision decision =
        hold.await(
            new ApprovalWait(request.runId(), request.model(), null, stages.records(), STAGE),
            new ReleasePolicy(ReleasePolicy.MANUAL, check.holdTimeoutSeconds(), null),
            null);
    String by = decision.actor() + (decision.comment() == null ? "" : ": " + decision.comment());
    if (decision.approved()) {
      stages.mark(STAGE, StageRecord.SUCCEEDED, held + "; released by " + by);
      return Outcome.TRAIN;
    }
    stages.mark(STAGE, StageRecord.FAILED, held + "; rejected by " + by);
    return new Outcome(RunOutcome.REJECTED, STAGE + ": rejected by " + by + "; " + found);
  }
}
