package dev.keel.engine.temporal;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.concurrent.TimeUnit;

/** The status of a workflow's latest execution, asked of the Temporal service (for run and lifecycle checks). */
public final class WorkflowStatus {

  private WorkflowStatus() {}

  /**
   * The status of {@code workflowId}'s latest execution; a {@code StatusRuntimeException} with code
   * {@code NOT_FOUND} when no such workflow exists, or another code when Temporal does not answer in two seconds.
   */
  public static WorkflowExecutionStatus of(WorkflowClient client, String workflowId) {
    return client.getWorkflowServiceStubs().blockingStub().withDeadlineAfter(2, TimeUnit.SECONDS)
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).build())
            .build())
        .getWorkflowExecutionInfo().getStatus();
  }
}
