package dev.keel.workflows.retention;

import static dev.keel.workflows.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.contract.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention loop against time-skipping Temporal: a sweep per interval, on request, across
 * continue-as-new.
 */
class RetentionWorkflowTest {

  TestWorkflowEnvironment env;
  WorkflowClient client;
  final AtomicInteger sweeps = new AtomicInteger();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(RetentionWorkflowImpl.class);
    env.newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations(
            (RetentionActivities)
                () -> new RetentionReport(sweeps.incrementAndGet(), 0, env.currentTimeMillis()));
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  RetentionWorkflow started() {
    RetentionWorkflow workflow =
        client.newWorkflowStub(
            RetentionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RetentionWorkflow.ID)
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    WorkflowClient.start(workflow::run, new RetentionState(60, 2, null));
    return client.newWorkflowStub(RetentionWorkflow.class, RetentionWorkflow.ID);
  }

  @Test
  void sweepsOncePerIntervalAndKeepsGoingAcrossContinueAsNew() {
    RetentionWorkflow retention = started();
    String firstRun =
        WorkflowStub.fromTyped(
                client.newWorkflowStub(RetentionWorkflow.class, RetentionWorkflow.ID))
            .getExecution()
            .getRunId();
    eventually(() -> assertThat(sweeps.get()).isEqualTo(1));

    env.sleep(Duration.ofMinutes(61));
    eventually(() -> assertThat(sweeps.get()).isEqualTo(2));
    env.sleep(Duration.ofMinutes(61));
    eventually(() -> assertThat(sweeps.get()).isEqualTo(3));

    String latestRun =
        client.newUntypedWorkflowStub(RetentionWorkflow.ID).describe().getExecution().getRunId();
    assertThat(latestRun).as("continued as new after two sweeps").isNotEqualTo(firstRun);
    eventually(() -> assertThat(retention.last().predictionsDeleted()).isEqualTo(3));
  }

  @Test
  void aSweepNowSignalSweepsWithoutWaitingForTheInterval() {
    RetentionWorkflow retention = started();
    eventually(() -> assertThat(sweeps.get()).isEqualTo(1));

    retention.sweepNow();

    eventually(() -> assertThat(sweeps.get()).isEqualTo(2));
    assertThat(env.currentTimeMillis() - retention.last().at())
        .isLessThan(Duration.ofMinutes(60).toMillis());
  }
}
