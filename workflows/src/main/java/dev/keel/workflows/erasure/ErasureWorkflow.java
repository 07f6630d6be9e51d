package dev.keel.workflows.erasure;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A data subject's erasure, durably: clean the data, then retrain what was trained on it, then
 * record it.
 */
@WorkflowInterface
public interface ErasureWorkflow {

  @WorkflowMethod
  ErasureReport erase(ErasureRequest request);
}
