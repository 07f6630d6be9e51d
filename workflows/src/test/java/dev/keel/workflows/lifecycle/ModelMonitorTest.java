package dev.keel.workflows.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.workflows.Histories;
import dev.keel.workflows.contract.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitor's timer loop signals the lifecycle once per drifting champion version. */
class ModelMonitorTest {

  static final List<Trigger> SIGNALS = new CopyOnWriteArrayList<>();

  TestWorkflowEnvironment env;
  WorkflowClient client;
  ScriptedChecks checks = new ScriptedChecks();

  /** Stands in for the model's lifecycle and records the alarms it receives. */
  public static class RecordingLifecycle extends ModelLifecycleImpl {
    @WorkflowInit
    public RecordingLifecycle(LifecycleState state) {
      super(state);
    }

    @Override
    public void driftDetected(Trigger trigger) {
      SIGNALS.add(trigger);
    }
  }

  @BeforeEach
  void start() {
    SIGNALS.clear();
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(ModelMonitorImpl.class, RecordingLifecycle.class);
    env.newWorker(TaskQueues.CONTROL).registerActivitiesImplementations(checks);
    env.start();
    client = env.getWorkflowClient();
    ModelLifecycle lifecycle =
        client.newWorkflowStub(
            ModelLifecycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ModelLifecycle.workflowId("wine"))
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    WorkflowClient.start(lifecycle::run, new LifecycleState("wine", 0));
  }

  @AfterEach
  void stop() {
    env.close();
  }

  /** A stub of the model's monitor, on the pipeline queue. */
  ModelMonitor monitor() {
    return client.newWorkflowStub(
        ModelMonitor.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(ModelMonitor.workflowId("wine"))
            .setTaskQueue(TaskQueues.PIPELINES)
            .build());
  }

  @Test
  void oneAlarmPerDriftingVersion() {
    ModelMonitor monitor = monitor();
    WorkflowClient.start(monitor::run, new MonitorState("wine", 60, null));

    env.sleep(Duration.ofMinutes(3).plusSeconds(30)); // checks 1-3: version 1, no drift
    assertThat(SIGNALS).isEmpty();
    assertThat(monitor.last().tripped()).isFalse();

    checks.drifting = true;
    env.sleep(Duration.ofMinutes(3)); // checks 4-6: version 1 drifts: one alarm
    assertThat(SIGNALS)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(Trigger.DRIFT);
              assertThat(t.reason()).contains("total_sulfur_dioxide");
            });

    checks.version = 2;
    env.sleep(Duration.ofMinutes(2)); // the retrained version 2 still drifts: a second alarm
    assertThat(SIGNALS).hasSize(2);
    assertThat(checks.calls.get()).isGreaterThanOrEqualTo(8);
    Histories.record(client, ModelMonitor.workflowId("wine"), "model-monitor-alarms.json");
  }

  /**
   * An execution ends after {@link ModelMonitorImpl#CHECKS_PER_RUN} checks and the next one goes on
   * with the version it already alarmed for: one alarm, however many executions it spans.
   */
  @Test
  void continuesAsNewAfterAFewChecksWithoutAlarmingTwice() {
    ModelMonitor monitor = monitor();
    checks.drifting = true;
    WorkflowExecution first =
        WorkflowClient.start(monitor::run, new MonitorState("wine", 60, null));

    env.sleep(Duration.ofMinutes(ModelMonitorImpl.CHECKS_PER_RUN * 2L + 1).plusSeconds(30));
    assertThat(checks.calls.get()).isGreaterThan(ModelMonitorImpl.CHECKS_PER_RUN * 2);
    assertThat(SIGNALS)
        .singleElement()
        .satisfies(t -> assertThat(t.kind()).isEqualTo(Trigger.DRIFT));
    var history = client.fetchHistory(ModelMonitor.workflowId("wine"), first.getRunId());
    assertThat(history.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    assertThat(
            history.getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED)
                .count())
        .isEqualTo(ModelMonitorImpl.CHECKS_PER_RUN);
    Histories.record(
        client, ModelMonitor.workflowId("wine"), first.getRunId(), "model-monitor-short-runs.json");
  }

  static final class ScriptedChecks implements MonitorActivities {
    volatile boolean drifting;
    volatile int version = 1;
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public MonitorCheck check(String model) {
      calls.incrementAndGet();
      return drifting
          ? new MonitorCheck(
              version,
              calls.get(),
              500,
              List.of("total_sulfur_dioxide"),
              null,
              true,
              "1 feature(s) with PSI >= 0.2: total_sulfur_dioxide")
          : new MonitorCheck(version, calls.get(), 500, List.of(), null, false, null);
    }
  }
}
