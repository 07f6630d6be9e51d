package dev.keel.examples;

import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A user-defined pipeline: trains the model's own algorithm and a list of challengers in parallel,
 * and registers the best of them. Select it for a model with {@code "pipeline": "BakeOffPipeline"}
 * and run it on Keel's workers by listing {@link BakeOffPipelineImpl} under {@code
 * worker.extraWorkflows}.
 */
@WorkflowInterface
public interface BakeOffPipeline {

  @WorkflowMethod(name = "BakeOffPipeline")
  PipelineResult run(PipelineRequest request);

  /** The same query Keel's own pipeline answers, so {@code GET /v1/runs/{id}} shows live stages. */
  @QueryMethod
  RunProgress progress();
}
