package dev.keel.workflows.release;

import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalRequest;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A release run: import → approve → deploy of a version that already exists (registered through the
 * MLflow API, or trained by Keel and never deployed). The workflow id is the run id. Its {@code
 * progress} query and its {@code decide} Update are those of {@link
 * dev.keel.workflows.training.TrainingPipeline}, so the run API and {@code POST
 * /v1/runs/{id}/approval} treat both kinds of run alike.
 */
@WorkflowInterface
public interface ReleasePipeline {

  String TYPE = "ReleasePipeline";

  @WorkflowMethod(name = TYPE)
  PipelineResult run(ReleaseRequest request);

  @QueryMethod
  RunProgress progress();

  /** A person's decision; refused by the validator unless the run awaits approval. */
  @UpdateMethod
  ApprovalDecision decide(ApprovalRequest request);

  @UpdateValidatorMethod(updateName = "decide")
  void validateDecision(ApprovalRequest request);
}
