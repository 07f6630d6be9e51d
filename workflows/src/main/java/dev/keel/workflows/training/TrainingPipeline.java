package dev.keel.workflows.training;

import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalRequest;
import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One training run: ingest → validate → train → evaluate → register. The workflow id is the run id.
 *
 * <p>User-defined pipelines follow the same contract (take a {@link PipelineRequest}, return a
 * {@link PipelineResult}, answer {@code progress}) so that Keel's API can start and watch them; see
 * {@link PipelineStages} for the stage bookkeeping they can reuse.
 */
@WorkflowInterface
public interface TrainingPipeline {

  @WorkflowMethod(name = "TrainingPipeline")
  PipelineResult run(PipelineRequest request);

  @QueryMethod
  RunProgress progress();

  /**
   * A person's approval decision on a candidate awaiting it. Refused by the validator (and so never
   * written to history) when the run is not awaiting approval — still training, already decided,
   * gates failed — or the decision is neither {@code approve} nor {@code reject}.
   */
  @UpdateMethod
  ApprovalDecision decide(ApprovalRequest request);

  @UpdateValidatorMethod(updateName = "decide")
  void validateDecision(ApprovalRequest request);
}
