package dev.keel.workflows.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.contract.TaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The erasure's order of work, and that a failing step is retried without repeating the steps
 * before it.
 */
class ErasureWorkflowTest {

  TestWorkflowEnvironment env;
  final List<String> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger retrainFailures = new AtomicInteger(1);

  static final ErasureReport CLEANED =
      new ErasureReport(
          "erasure-1",
          List.of(
              new ErasureReport.CleanedDataset(
                  "people", "customer_id", List.of("sha256:a"), 4, "sha256:b")),
          2,
          List.of(new ErasureReport.AffectedVersion("churn", 1, "sha256:a", true)),
          List.of());

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(ErasureWorkflowImpl.class);
    env.newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations(
            new ErasureActivities() {
              @Override
              public ErasureReport clean(ErasureRequest request) {
                calls.add("clean " + request.id());
                return CLEANED;
              }

              @Override
              public List<ErasureReport.Retrain> retrain(ErasureReport report) {
                calls.add("retrain");
                if (retrainFailures.getAndDecrement() > 0) {
                  throw new IllegalStateException("the database restarted");
                }
                return List.of(
                    new ErasureReport.Retrain("churn", "people@sha256:b", "retrain requested"));
              }

              @Override
              public void record(ErasureReport report) {
                calls.add("record " + report.retrains().size());
              }
            });
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void cleansThenRetrainsThenRecordsAndRetriesOnlyTheFailedStep() {
    ErasureReport report =
        env.getWorkflowClient()
            .newWorkflowStub(
                ErasureWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("erasure-1")
                    .setTaskQueue(TaskQueues.PIPELINES)
                    .build())
            .erase(new ErasureRequest("erasure-1", "cust-7", "admin"));

    assertThat(calls).containsExactly("clean erasure-1", "retrain", "retrain", "record 1");
    assertThat(report.predictionsDeleted()).isEqualTo(2);
    assertThat(report.retrains())
        .singleElement()
        .satisfies(r -> assertThat(r.model()).isEqualTo("churn"));
  }
}
