package dev.keel.workflows.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import org.junit.jupiter.api.Test;

/** The message a failed stage shows: the activity's own words, or what a timeout means. */
class StageFailureMessageTest {

  private static ActivityFailure failed(Throwable cause) {
    return new ActivityFailure(
        "Activity task failed",
        5,
        6,
        "TrainingTrain",
        "7",
        RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
        "worker-1",
        cause);
  }

  @Test
  void anApplicationFailureShowsTheActivitysOwnMessage() {
    assertThat(
            PipelineStages.messageOf(
                failed(
                    ApplicationFailure.newNonRetryableFailure(
                        "column 'alcohol' is missing", "InvalidInput"))))
        .isEqualTo("column 'alcohol' is missing");
  }

  @Test
  void aHeartbeatTimeoutSaysTheWorkerStoppedReporting() {
    String message =
        PipelineStages.messageOf(
            failed(new TimeoutFailure("", null, TimeoutType.TIMEOUT_TYPE_HEARTBEAT)));
    assertThat(message)
        .startsWith("timed out: its worker stopped reporting progress (heartbeat timeout");
  }

  @Test
  void aTimeoutBehindWhichNoWorkerPolledSaysSo() {
    assertThat(
            PipelineStages.messageOf(
                failed(new TimeoutFailure("", null, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START))))
        .contains("no worker took it")
        .contains("task queue");
  }
}
