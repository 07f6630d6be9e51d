package dev.keel.workflows.reproduce;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Retrains a model version from its recorded lineage (same dataset version, trainer, parameters and
 * seed) and reports whether the new artifact's hash equals the recorded one. Registers nothing and
 * deploys nothing.
 */
@WorkflowInterface
public interface ReproduceWorkflow {

  @WorkflowMethod
  ReproduceResult reproduce(ReproduceRequest request);
}
