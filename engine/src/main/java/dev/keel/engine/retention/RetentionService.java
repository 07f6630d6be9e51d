package dev.keel.engine.retention;

import dev.keel.workflows.retention.RetentionReport;
import dev.keel.workflows.retention.RetentionState;
import dev.keel.workflows.retention.RetentionWorkflow;
import io.dropwizard.lifecycle.Managed;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the periodic {@link RetentionWorkflow} of this deployment (one per pipeline queue) when
 * the engine starts, unless it is already running; reads its last report and asks it to sweep now.
 */
public final class RetentionService implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);
  private static final int SWEEPS_PER_EXECUTION = 100;

  private final org.jdbi.v3.core.Jdbi jdbi;
  private final WorkflowClient client;
  private final String pipelineQueue;
  private final int intervalMinutes;

  public RetentionService(
      org.jdbi.v3.core.Jdbi jdbi,
      WorkflowClient client,
      String pipelineQueue,
      int intervalMinutes) {
    this.jdbi = jdbi;
    this.client = client;
    this.pipelineQueue = pipelineQueue;
    this.intervalMinutes = intervalMinutes;
  }

  /** The workflow id: {@code keel-retention} for the default pipeline queue. */
  public String workflowId() {
    return "keel-pipelines".equals(pipelineQueue)
        ? RetentionWorkflow.ID
        : RetentionWorkflow.ID + "@" + pipelineQueue;
  }

  @Override
  public void start() {
    RetentionWorkflow workflow =
        client.newWorkflowStub(
            RetentionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId())
                .setTaskQueue(pipelineQueue)
                .build());
    try {
      WorkflowClient.start(
          workflow::run, new RetentionState(intervalMinutes, SWEEPS_PER_EXECUTION, null));
    } catch (WorkflowExecutionAlreadyStarted running) {
      LOG.debug("retention workflow {} is already running", workflowId());
    }
  }

  @Override
  public void stop() {}

  /**
   * The latest sweep recorded in PostgreSQL (by any engine's workflow), or null before the first.
   */
  public RetentionReport last() {
    return jdbi.withExtension(RetentionDao.class, RetentionDao::last).orElse(null);
  }

  public void sweepNow() {
    client.newWorkflowStub(RetentionWorkflow.class, workflowId()).sweepNow();
  }
}
