package dev.keel.engine.runs;

import dev.keel.engine.metrics.KeelMetrics;
import dev.keel.engine.mlflow.PipelineTracking;
import io.dropwizard.lifecycle.Managed;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the run index honest: a run recorded as in flight ({@code RUNNING} or {@code
 * AWAITING_APPROVAL}) whose workflow no longer exists (the developer stack's in-memory Temporal
 * server was restarted) or ended without recording an outcome (terminated, timed out) is marked
 * {@code INTERRUPTED}, never left in flight forever. Runs at start-up and then every minute.
 */
public final class RunReconciler implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(RunReconciler.class);

  private final Jdbi jdbi;
  private final WorkflowClient client;
  private final KeelMetrics metrics;
  private ScheduledExecutorService timer;

  public RunReconciler(Jdbi jdbi, WorkflowClient client, KeelMetrics metrics) {
    this.jdbi = jdbi;
    this.client = client;
    this.metrics = metrics;
  }

  @Override
  public void start() {
    reconcile();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "keel-run-reconciler");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::reconcileQuietly, 60, 60, TimeUnit.SECONDS);
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.warn("run reconciliation failed; will retry", e);
    }
  }

  /** Checks every run in flight against Temporal; returns how many were marked interrupted. */
  public int reconcile() {
    int interrupted = 0;
    for (RunRow run : jdbi.withExtension(RunDao.class, RunDao::inFlight)) {
      String gone = reasonIfGone(run.id());
      String reason =
          gone == null
              ? null
              : gone
                  + "; start it again with the same inputs: POST /v1/runs/"
                  + run.id()
                  + "/restart";
      if (reason != null
          && jdbi.inTransaction(
              h -> {
                boolean ended =
                    h.attach(RunDao.class)
                            .endIfRunning(run.id(), RunStatus.INTERRUPTED.name(), reason)
                        == 1;
                if (ended) {
                  PipelineTracking.end(
                      h,
                      run.id(),
                      RunStatus.INTERRUPTED.name(),
                      reason,
                      System.currentTimeMillis());
                }
                return ended;
              })) {
        metrics.runsCompleted.labels(run.model(), "interrupted").inc();
        LOG.info("run {} interrupted: {}", run.id(), reason);
        interrupted++;
      }
    }
    return interrupted;
  }

  private String reasonIfGone(String runId) {
    try {
      WorkflowExecutionStatus status =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(runId).build())
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus();
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return null;
      }
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        // its outcome is being recorded right now, or was recorded and this row is stale: check
        // again later
        return null;
      }
      return "the pipeline workflow ended as "
          + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "")
          + " without recording an outcome";
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return "the run's workflow no longer exists on the Temporal service (was the developer stack, whose "
            + "Temporal server keeps history in memory, restarted while it ran?)";
      }
      LOG.warn("cannot check run {} on Temporal: {}", runId, e.getStatus());
      return null;
    }
  }
}
