package dev.keel.workflows.training;

import io.temporal.workflow.QueryMethod;
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
}
