package dev.keel.engine.schedule;

import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.errors.Unavailable;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.workflows.schedule.ModelSchedule;
import dev.keel.workflows.schedule.ScheduleChange;
import dev.keel.workflows.schedule.ScheduleSpec;
import dev.keel.workflows.schedule.ScheduleState;
import dev.keel.workflows.schedule.ScheduleView;
import io.dropwizard.lifecycle.Managed;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models' retraining schedules: the stored schedule ({@code model_schedules}, the system of record)
 * and its {@link ModelSchedule} workflow, which fires the model's lifecycle. A change goes to the
 * workflow first (so a change that cannot reach it is refused and not stored), then to the store.
 */
public final class ScheduleService implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);

  /** How long a change waits for the schedule's workflow to answer (a pipeline worker runs it). */
  static final long ANSWER_SECONDS = 15;

  /** What {@code GET /v1/models/{name}/schedule} shows. */
  public record ScheduleInfo(
      String model,
      String cron,
      String overlap,
      String timezone,
      boolean paused,
      OffsetDateTime nextRunAt,
      OffsetDateTime lastRunAt,
      Long fired,
      OffsetDateTime updatedAt,
      String updatedBy) {}

  private final Jdbi jdbi;
  private final WorkflowClient client;
  private final ModelService models;
  private final String pipelineQueue;

  public ScheduleService(
      Jdbi jdbi, WorkflowClient client, ModelService models, String pipelineQueue) {
    this.jdbi = jdbi;
    this.client = client;
    this.models = models;
    this.pipelineQueue = pipelineQueue;
  }

  /** At start-up: a running workflow for every stored schedule. */
  @Override
  public void start() {
    for (ScheduleRow row : jdbi.withExtension(ScheduleDao.class, ScheduleDao::list)) {
      try {
        ensureWorkflow(row);
      } catch (RuntimeException e) {
        LOG.warn(
            "could not start the schedule of model {}; will retry at the next start",
            row.model(),
            e);
      }
    }
  }

  /** A newly registered model's schedule, from its definition (a stored one is kept). */
  public void fromDefinition(ModelRow model) {
    ScheduleSpec spec = model.definition() == null ? null : model.definition().schedule();
    if (spec == null) {
      return;
    }
    ScheduleSpec s = spec.withDefaults();
    jdbi.useExtension(
        ScheduleDao.class,
        dao -> dao.insertIfAbsent(model.name(), s.cron(), s.overlap(), s.timezone(), "definition"));
    stored(model.name()).ifPresent(this::ensureWorkflow);
  }

  /** The model's schedule, with its next and last firing as its workflow sees them. */
  public ScheduleInfo info(String model) {
    ScheduleRow row = require(model);
    Optional<ScheduleView> view = query(model);
    return info(row, view.orElse(null));
  }

  /** Sets (or replaces) the model's schedule; true when the model had none. */
  public boolean put(String model, ScheduleSpec posted, String actor) {
    ModelRow row = models.row(model);
    ModelService.requireDefinition(row);
    if (posted == null) {
      throw new dev.keel.engine.errors.InvalidInput(
          "request body is required: {\"cron\", \"overlap\"?, \"timezone\"?}");
    }
    ModelService.checkSchedule(posted);
    if (row.definition().dataset() == null && models.champion(model).isEmpty()) {
      throw new Conflict(
          "model '"
              + model
              + "' names no dataset and has no champion: a scheduled run would have nothing to"
              + " train on");
    }
    ScheduleSpec spec = posted.withDefaults();
    Optional<ScheduleRow> before = stored(model);
    if (before.isPresent()) {
      ensureWorkflow(before.get());
      change(model, new ScheduleChange(ScheduleChange.RESCHEDULE, spec, actor));
    } else {
      ensureWorkflow(
          new ScheduleRow(model, spec.cron(), spec.overlap(), spec.timezone(), false, null, actor));
    }
    return jdbi.withExtension(
        ScheduleDao.class,
        dao -> dao.upsert(model, spec.cron(), spec.overlap(), spec.timezone(), actor));
  }

  public ScheduleInfo pause(String model, String actor) {
    return setPaused(model, true, actor);
  }

  public ScheduleInfo resume(String model, String actor) {
    return setPaused(model, false, actor);
  }

  private ScheduleInfo setPaused(String model, boolean paused, String actor) {
    ScheduleRow row = require(model);
    ensureWorkflow(row);
    ScheduleView view =
        change(
            model,
            new ScheduleChange(paused ? ScheduleChange.PAUSE : ScheduleChange.RESUME, null, actor));
    jdbi.useExtension(ScheduleDao.class, dao -> dao.setPaused(model, paused, actor));
    return info(require(model), view);
  }

  /** Fires the schedule now, once (also while paused); the lifecycle decides what it does. */
  public ScheduleInfo trigger(String model, String actor) {
    ScheduleRow row = require(model);
    ensureWorkflow(row);
    return info(row, change(model, new ScheduleChange(ScheduleChange.TRIGGER, null, actor)));
  }

  /** Removes the model's schedule: its workflow ends; no run in flight is touched. */
  public void delete(String model, String actor) {
    require(model);
    try {
      change(model, new ScheduleChange(ScheduleChange.STOP, null, actor));
    } catch (Conflict alreadyStopped) {
      // its workflow has ended already
    }
    jdbi.useExtension(ScheduleDao.class, dao -> dao.delete(model));
  }

  private Optional<ScheduleRow> stored(String model) {
    return jdbi.withExtension(ScheduleDao.class, dao -> dao.find(model));
  }

  private ScheduleRow require(String model) {
    models.row(model); // 404 for an unknown model
    return stored(model)
        .orElseThrow(
            () ->
                new NotFound(
                    "model '"
                        + model
                        + "' has no schedule; set one with PUT /v1/models/"
                        + model
                        + "/schedule {\"cron\": \"0 3 * * 1\"}"));
  }

  private void ensureWorkflow(ScheduleRow row) {
    ModelSchedule stub =
        client.newWorkflowStub(
            ModelSchedule.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ModelSchedule.workflowId(row.model()))
                .setTaskQueue(pipelineQueue)
                .build());
    try {
      WorkflowClient.start(
          stub::run, new ScheduleState(row.model(), row.spec().withDefaults(), row.paused()));
    } catch (WorkflowExecutionAlreadyStarted running) {
      // one schedule workflow per model
    }
  }

  private ScheduleView change(String model, ScheduleChange change) {
    ModelSchedule stub =
        client.newWorkflowStub(ModelSchedule.class, ModelSchedule.workflowId(model));
    return answer(model, () -> stub.change(change));
  }

  private Optional<ScheduleView> query(String model) {
    ModelSchedule stub =
        client.newWorkflowStub(ModelSchedule.class, ModelSchedule.workflowId(model));
    try {
      return Optional.of(CompletableFuture.supplyAsync(stub::view).get(2, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty(); // shown without its next firing
    }
  }

  private <T> T answer(String model, Supplier<T> call) {
    try {
      return CompletableFuture.supplyAsync(
              call, dev.keel.engine.lifecycle.LifecycleService.updates())
          .get(ANSWER_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new Unavailable(
          "the schedule of model '"
              + model
              + "' did not answer within "
              + ANSWER_SECONDS
              + " s (is a pipeline worker polling task queue '"
              + pipelineQueue
              + "'?); nothing was changed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while changing the schedule of model '" + model + "'");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WorkflowUpdateException refused) {
        for (Throwable t = refused; t != null; t = t.getCause()) {
          if (t instanceof ApplicationFailure app) {
            if (app.getType().endsWith("IllegalArgumentException")) {
              throw new dev.keel.engine.errors.InvalidInput(app.getOriginalMessage());
            }
            throw new Conflict(app.getOriginalMessage());
          }
        }
        throw new Conflict(refused.getMessage());
      }
      if (e.getCause() instanceof io.temporal.client.WorkflowNotFoundException) {
        throw new Conflict("the schedule of model '" + model + "' is not running");
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static ScheduleInfo info(ScheduleRow row, ScheduleView view) {
    return new ScheduleInfo(
        row.model(),
        row.cron(),
        row.overlap(),
        row.timezone(),
        view == null ? row.paused() : view.paused(),
        view == null ? null : at(view.nextFireAt()),
        view == null ? null : at(view.lastFiredAt()),
        view == null ? null : view.fired(),
        row.updatedAt(),
        row.updatedBy());
  }

  private static OffsetDateTime at(Long millis) {
    return millis == null
        ? null
        : OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }
}
