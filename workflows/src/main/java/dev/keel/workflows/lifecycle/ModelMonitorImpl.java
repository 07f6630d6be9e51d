package dev.keel.workflows.lifecycle;

import dev.keel.workflows.contract.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Objects;

/** See {@link ModelMonitor}. */
public class ModelMonitorImpl implements ModelMonitor {

  /** Checks before the monitor continued as new, before change {@link #SHORT_RUNS}. */
  static final int CHECKS_BEFORE_CONTINUE = 100;

  /**
   * Change id of executions that continue as new after {@link #CHECKS_PER_RUN} checks: each
   * workflow task of a monitor replays its execution's history when the worker has not cached it,
   * so a short history keeps an idle engine's monitors cheap.
   */
  static final String SHORT_RUNS = "short-runs";

  /** Checks before the monitor continues as new, since change {@link #SHORT_RUNS}. */
  static final int CHECKS_PER_RUN = 12;

  /**
   * Change id of the loop that also continues as new when Temporal suggests it; older executions
   * replay without.
   */
  static final String CONTINUE_WHEN_SUGGESTED = "continue-when-suggested";

  private final MonitorActivities monitor =
      Workflow.newActivityStub(
          MonitorActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.CONTROL)
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  private MonitorCheck last;

  @Override
  public void run(MonitorState state) {
    Integer alarmed = state.alarmedVersion();
    boolean whenSuggested =
        Workflow.getVersion(CONTINUE_WHEN_SUGGESTED, Workflow.DEFAULT_VERSION, 1) == 1;
    int checks =
        Workflow.getVersion(SHORT_RUNS, Workflow.DEFAULT_VERSION, 1) == 1
            ? CHECKS_PER_RUN
            : CHECKS_BEFORE_CONTINUE;
    for (int i = 0; i < checks; i++) {
      if (whenSuggested && Workflow.getInfo().isContinueAsNewSuggested()) {
        break;
      }
      Workflow.sleep(Duration.ofSeconds(state.intervalSeconds()));
      MonitorCheck check;
      try {
        check = monitor.check(state.model());
      } catch (io.temporal.failure.ActivityFailure failure) {
        Workflow.getLogger(ModelMonitorImpl.class)
            .warn(
                "monitoring check of {} failed; next in {} s",
                state.model(),
                state.intervalSeconds(),
                failure);
        continue;
      }
      last = check;
      if (check.tripped() && check.version() != null && !Objects.equals(check.version(), alarmed)) {
        alarmed = check.version();
        Workflow.newExternalWorkflowStub(
                ModelLifecycle.class, ModelLifecycle.workflowId(state.model()))
            .driftDetected(new Trigger(Trigger.DRIFT, null, check.reason(), "monitor"));
      }
    }
    if (whenSuggested) {
      // nothing but a query reads the monitor today; a handler added later must finish before it
      // continues
      Workflow.await(Workflow::isEveryHandlerFinished);
    }
    Workflow.continueAsNew(new MonitorState(state.model(), state.intervalSeconds(), alarmed));
  }

  @Override
  public MonitorCheck last() {
    return last;
  }
}
