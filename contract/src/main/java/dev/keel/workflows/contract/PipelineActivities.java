package dev.keel.workflows.contract;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Activity stubs with Keel's timeouts and retry policies, for Keel's pipeline and for user-defined
 * ones. Call from workflow code only.
 *
 * <p>Activities signal bad input (a missing column, a malformed file) with a non-retryable failure
 * of type {@link #INVALID_INPUT}; anything else (a worker crash, a full disk, a database restart)
 * is retried with backoff.
 */
public final class PipelineActivities {

  /** Failure type of errors that retrying cannot fix. */
  public static final String INVALID_INPUT = "KeelInvalidInput";

  /**
   * Activity types that heartbeat while they work; their heartbeat timeout (1 minute here) is what
   * a worker's {@code worker.heartbeatTimeout} overrides.
   */
  public static final java.util.List<String> HEARTBEATING =
      java.util.List.of("TrainingTrain", "TrainingTrial", "TrainingEvaluate");

  private PipelineActivities() {}

  private static RetryOptions retries(int maxAttempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofMillis(500))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(Duration.ofSeconds(30))
        .setMaximumAttempts(maxAttempts)
        .setDoNotRetry(INVALID_INPUT)
        .build();
  }

  public static DatasetActivities datasets(String taskQueue) {
    return Workflow.newActivityStub(
        DatasetActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(taskQueue)
            .setStartToCloseTimeout(Duration.ofMinutes(10))
            .setRetryOptions(retries(5))
            .build());
  }

  /** The data check of automatic retrains, on the pipeline's compute queue. */
  public static DataCheckActivities dataChecks(String taskQueue) {
    return Workflow.newActivityStub(
        DataCheckActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(taskQueue)
            .setStartToCloseTimeout(Duration.ofMinutes(10))
            .setRetryOptions(retries(5))
            .build());
  }

  public static TrainingActivities training(String taskQueue) {
    return Workflow.newActivityStub(
        TrainingActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(taskQueue)
            .setStartToCloseTimeout(Duration.ofHours(2))
            .setHeartbeatTimeout(Duration.ofMinutes(1))
            .setRetryOptions(retries(5))
            .build());
  }

  public static DeploymentActivities deployments() {
    return control(DeploymentActivities.class, Duration.ofMinutes(2));
  }

  public static ShadowActivities shadows() {
    return control(ShadowActivities.class, Duration.ofMinutes(5));
  }

  public static RegistryActivities registry() {
    return control(RegistryActivities.class, Duration.ofSeconds(30));
  }

  /**
   * A stub for activities on {@link TaskQueues#CONTROL} (the engine's store and serving writes):
   * retried with backoff for up to an hour, so that a database restart or an engine deploy delays a
   * workflow but never fails it.
   */
  public static <T> T control(Class<T> activities, Duration startToClose) {
    return Workflow.newActivityStub(
        activities,
        ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.CONTROL)
            .setStartToCloseTimeout(startToClose)
            .setScheduleToCloseTimeout(Duration.ofHours(1))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofMillis(500))
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .setDoNotRetry(INVALID_INPUT)
                    .build())
            .build());
  }
}
