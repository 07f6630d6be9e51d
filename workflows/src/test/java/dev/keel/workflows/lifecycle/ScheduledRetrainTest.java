package dev.keel.workflows.lifecycle;

import static dev.keel.workflows.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.workflows.Histories;
import dev.keel.workflows.contract.TaskQueues;
import dev.keel.workflows.schedule.ModelSchedule;
import dev.keel.workflows.schedule.ModelScheduleImpl;
import dev.keel.workflows.schedule.ScheduleActivities;
import dev.keel.workflows.schedule.ScheduleChange;
import dev.keel.workflows.schedule.ScheduleSpec;
import dev.keel.workflows.schedule.ScheduleState;
import dev.keel.workflows.schedule.ScheduleView;
import dev.keel.workflows.schedule.ScheduledFiring;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A model's schedule on time-skipping Temporal: firings at the cron's times reach the lifecycle,
 * which skips or buffers them while a run is in flight; pause, resume, fire now, reschedule and
 * stop through the schedule's Update.
 */
class ScheduledRetrainTest {

  TestWorkflowEnvironment env;
  WorkflowClient client;
  ModelLifecycleTest.FakeStore store = new ModelLifecycleTest.FakeStore();
  final List<ScheduledFiring> firings = new CopyOnWriteArrayList<>();

  /** Hands firings to the lifecycle, as the engine does; or only records them. */
  final class Engine implements ScheduleActivities {
    final boolean forward;

    Engine(boolean forward) {
      this.forward = forward;
    }

    @Override
    public void fire(ScheduledFiring firing) {
      firings.add(firing);
      if (forward) {
        client
            .newWorkflowStub(ModelLifecycle.class, ModelLifecycle.workflowId(firing.model()))
            .scheduled(firing);
      }
    }
  }

  void start(boolean forward) {
    ModelLifecycleTest.RUNNING.set(0);
    ModelLifecycleTest.MAX_RUNNING.set(0);
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.PIPELINES)
        .registerWorkflowImplementationTypes(
            ModelLifecycleImpl.class,
            ModelLifecycleTest.SlowPipelineImpl.class,
            ModelScheduleImpl.class);
    env.newWorker(TaskQueues.CONTROL).registerActivitiesImplementations(store, new Engine(forward));
    env.start();
    client = env.getWorkflowClient();
  }

  @BeforeEach
  void noEnvironmentYet() {
    env = null;
  }

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  ModelSchedule schedule(ScheduleSpec spec) {
    ModelSchedule schedule =
        client.newWorkflowStub(
            ModelSchedule.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ModelSchedule.workflowId("wine"))
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    WorkflowClient.start(schedule::run, new ScheduleState("wine", spec.withDefaults(), false));
    return schedule;
  }

  void lifecycle() {
    ModelLifecycle lifecycle =
        client.newWorkflowStub(
            ModelLifecycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ModelLifecycle.workflowId("wine"))
                .setTaskQueue(TaskQueues.PIPELINES)
                .build());
    WorkflowClient.start(lifecycle::run, new LifecycleState("wine", 0));
  }

  /** Every four minutes, against ten-minute runs: two of every three firings find a run. */
  @Test
  void firingsWhileARunIsInFlightAreSkippedAndRecorded() {
    start(true);
    lifecycle();
    schedule(new ScheduleSpec("*/4 * * * *", "skip", null));

    env.sleep(Duration.ofMinutes(40));

    eventually(env, () -> assertThat(firings).hasSizeGreaterThanOrEqualTo(9));
    List<ScheduledFiring> seen = List.copyOf(firings);
    assertThat(seen)
        .allSatisfy(
            f -> {
              assertThat(Instant.ofEpochMilli(f.dueAt()).atZone(ZoneOffset.UTC).getMinute() % 4)
                  .as("due at a multiple of four minutes")
                  .isZero();
              assertThat(f.actor()).isNull();
            });
    assertThat(ModelLifecycleTest.MAX_RUNNING.get()).isEqualTo(1);
    assertThat(store.prepared).extracting(Trigger::kind).containsOnly(Trigger.SCHEDULED);
    assertThat(store.prepared.get(0).reason()).startsWith("schedule '*/4 * * * *' due at ");
    eventually(
        env,
        () -> {
          long skipped =
              store.events.stream().filter(e -> e.kind().equals("schedule-skipped")).count();
          // every firing either started a run or was recorded as skipped: none is queued
          assertThat(skipped + store.prepared.size()).isEqualTo(firings.size());
          assertThat(skipped).isGreaterThanOrEqualTo(firings.size() / 2);
        });
    assertThat(store.events)
        .filteredOn(e -> e.kind().equals("schedule-skipped"))
        .first()
        .satisfies(e -> assertThat(e.message()).contains("is in flight (overlap skip)"));
    assertThat(store.events).extracting(LifecycleEvent::kind).doesNotContain("coalesced");
    Histories.record(
        client, ModelLifecycle.workflowId("wine"), "model-lifecycle-schedule-skipped.json");
  }

  @Test
  void firingsWhileARunIsInFlightAreBufferedIntoOneFollowUpRun() {
    start(true);
    lifecycle();
    schedule(new ScheduleSpec("*/4 * * * *", "buffer", null));

    env.sleep(Duration.ofMinutes(40));

    eventually(env, () -> assertThat(firings).hasSizeGreaterThanOrEqualTo(9));
    assertThat(ModelLifecycleTest.MAX_RUNNING.get()).isEqualTo(1);
    assertThat(store.events).extracting(LifecycleEvent::kind).doesNotContain("schedule-skipped");
    assertThat(store.events).extracting(LifecycleEvent::kind).contains("coalesced");
    // runs follow each other without waiting for a firing: four ten-minute runs in forty minutes
    assertThat(store.prepared).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void pauseResumeFireNowRescheduleAndStop() {
    start(false);
    ModelSchedule schedule = schedule(new ScheduleSpec("0 3 * * *", null, null));
    String firstExecution = WorkflowStub.fromTyped(schedule).getExecution().getRunId();

    env.sleep(Duration.ofDays(2));
    eventually(env, () -> assertThat(firings).hasSize(2));
    assertThat(firings)
        .allSatisfy(
            f -> {
              assertThat(Instant.ofEpochMilli(f.dueAt()).atZone(ZoneOffset.UTC).getHour())
                  .isEqualTo(3);
              assertThat(Instant.ofEpochMilli(f.dueAt()).atZone(ZoneOffset.UTC).getMinute())
                  .isZero();
              assertThat(f.overlap()).isEqualTo("skip");
            });

    ScheduleView paused = schedule.change(new ScheduleChange("pause", null, "alice"));
    assertThat(paused.paused()).isTrue();
    assertThat(paused.nextFireAt()).isNull();
    env.sleep(Duration.ofDays(3));
    assertThat(firings).hasSize(2);

    schedule.change(new ScheduleChange("trigger", null, "bob"));
    eventually(env, () -> assertThat(firings).hasSize(3));
    assertThat(firings.get(2).actor()).isEqualTo("bob");
    assertThat(schedule.view().paused()).as("firing now does not resume").isTrue();

    ScheduleView resumed = schedule.change(new ScheduleChange("resume", null, "alice"));
    assertThat(resumed.paused()).isFalse();
    assertThat(Instant.ofEpochMilli(resumed.nextFireAt()).atZone(ZoneOffset.UTC).getHour())
        .isEqualTo(3);
    assertThat(resumed.fired()).isEqualTo(3);

    // noon in Kolkata (UTC+05:30, no daylight saving) is 06:30 UTC
    ScheduleView moved =
        schedule.change(
            new ScheduleChange(
                "reschedule", new ScheduleSpec("0 12 * * *", "buffer", "Asia/Kolkata"), "carol"));
    assertThat(moved.spec()).isEqualTo(new ScheduleSpec("0 12 * * *", "buffer", "Asia/Kolkata"));
    assertThat(Instant.ofEpochMilli(moved.nextFireAt()).atZone(ZoneOffset.UTC).toLocalTime())
        .hasToString("06:30");
    env.sleep(Duration.ofDays(1));
    eventually(env, () -> assertThat(firings).hasSize(4));
    assertThat(firings.get(3).overlap()).isEqualTo("buffer");

    assertThatThrownBy(
            () ->
                schedule.change(
                    new ScheduleChange(
                        "reschedule", new ScheduleSpec("0 25 * * *", null, null), "x")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining(
            "field 'schedule.cron': cron field hour '0 25'".replace("0 25", "25"));
    assertThatThrownBy(() -> schedule.change(new ScheduleChange("snooze", null, "x")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("'snooze' is not a schedule action");

    ScheduleView stopped = schedule.change(new ScheduleChange("stop", null, "alice"));
    assertThat(stopped.stopped()).isTrue();
    WorkflowStub.fromTyped(schedule).getResult(Void.class); // the workflow ends
    eventually(
        env,
        () ->
            assertThat(store.events)
                .extracting(LifecycleEvent::kind)
                .containsExactly(
                    "schedule-paused", "schedule-resumed", "schedule-changed", "schedule-removed"));
    assertThat(store.events.get(2).message())
        .isEqualTo(
            "schedule changed by carol from '0 3 * * *' (UTC, overlap skip) to '0 12 * * *'"
                + " (Asia/Kolkata, overlap buffer)");
    Histories.record(
        client, ModelSchedule.workflowId("wine"), firstExecution, "model-schedule-changes.json");
  }

  @Test
  void continuesAsNewAndKeepsItsCount() {
    start(false);
    ModelSchedule schedule = schedule(new ScheduleSpec("* * * * *", null, null));
    String firstExecution = WorkflowStub.fromTyped(schedule).getExecution().getRunId();

    env.sleep(Duration.ofMinutes(70));

    eventually(env, () -> assertThat(firings).hasSizeGreaterThanOrEqualTo(69));
    assertThat(WorkflowStub.fromTyped(schedule).describe().getExecution().getRunId())
        .isNotEqualTo(firstExecution);
    assertThat(schedule.view().fired()).isGreaterThanOrEqualTo(69);
    assertThat(firings).extracting(ScheduledFiring::dueAt).doesNotHaveDuplicates();
    Histories.record(
        client,
        ModelSchedule.workflowId("wine"),
        firstExecution,
        "model-schedule-continued-as-new.json");
  }
}
