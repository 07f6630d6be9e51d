package dev.keel.engine.lifecycle;

import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.datasets.DatasetView;
import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.DomainException;
import dev.keel.engine.errors.Kind;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.errors.Unavailable;
import dev.keel.engine.models.ModelDefinition;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.VersionDao;
import dev.keel.engine.runs.RunDao;
import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalRequest;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.lifecycle.LifecycleEvent;
import dev.keel.workflows.lifecycle.LifecycleState;
import dev.keel.workflows.lifecycle.LifecycleView;
import dev.keel.workflows.lifecycle.ModelLifecycle;
import dev.keel.workflows.lifecycle.ModelMonitor;
import dev.keel.workflows.lifecycle.MonitorState;
import dev.keel.workflows.lifecycle.RollbackRequest;
import dev.keel.workflows.lifecycle.RollbackResult;
import dev.keel.workflows.lifecycle.RunStart;
import dev.keel.workflows.lifecycle.RunStarted;
import dev.keel.workflows.lifecycle.Trigger;
import io.dropwizard.lifecycle.Managed;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of model lifecycles: keeps one {@link ModelLifecycle} running per model (and
 * one {@link ModelMonitor} per deployed model), sends them people's requests — approvals, retrains,
 * rollbacks — and reads their state and timeline.
 */
public final class LifecycleService implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(LifecycleService.class);

  /** A timeline entry as the API shows it. */
  public record TimelineEntry(OffsetDateTime at, String kind, String message, String runId) {}

  /** What {@code GET /v1/models/{name}} shows of a model's lifecycle. */
  public record LifecycleInfo(
      String inFlightRunId,
      Trigger pending,
      Long cooldownUntil,
      LastDrift lastDrift,
      List<TimelineEntry> timeline,
      Workflows workflows) {}

  /**
   * The state of the model's long-lived workflows on Temporal ({@code RUNNING}, {@code COMPLETED},
   * ... or {@code NOT_FOUND}; {@code UNKNOWN} when Temporal does not answer): the lifecycle, and
   * the monitor once the model has a champion.
   */
  public record Workflows(String lifecycle, String monitor) {}

  /**
   * The latest monitoring check, in short (the whole report is at {@code GET
   * /v1/models/{name}/drift}).
   */
  public record LastDrift(
      OffsetDateTime at, Integer version, int windowSize, boolean tripped, String reason) {}

  private final Jdbi jdbi;
  private final WorkflowClient client;
  private final ModelService models;
  private final DatasetService datasets;
  private final String pipelineQueue;

  public LifecycleService(
      Jdbi jdbi,
      WorkflowClient client,
      ModelService models,
      DatasetService datasets,
      String pipelineQueue) {
    this.jdbi = jdbi;
    this.client = client;
    this.models = models;
    this.datasets = datasets;
    this.pipelineQueue = pipelineQueue;
  }

  /** At start-up: a lifecycle for every model, a monitor for every model with a champion. */
  @Override
  public void start() {
    for (ModelRow model :
        jdbi.withExtension(
            dev.keel.engine.models.ModelDao.class, dev.keel.engine.models.ModelDao::list)) {
      if (!ModelService.trainable(model)) {
        continue; // registered through the MLflow API: no lifecycle
      }
      try {
        ensureLifecycle(model);
        if (models.champion(model.name()).isPresent()) {
          ensureMonitor(model);
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "could not start the lifecycle of model {}; will retry at the next start",
            model.name(),
            e);
      }
    }
  }

  /** Starts the model's lifecycle workflow unless it runs already. */
  public void ensureLifecycle(ModelRow model) {
    ModelService.requireDefinition(model);
    ModelDefinition d = model.definition();
    ModelLifecycle stub =
        client.newWorkflowStub(
            ModelLifecycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ModelLifecycle.workflowId(model.name()))
                .setTaskQueue(pipelineQueue)
                .build());
    try {
      WorkflowClient.start(
          stub::run, new LifecycleState(model.name(), d.monitoringOrDefaults().cooldownSeconds()));
    } catch (WorkflowExecutionAlreadyStarted running) {
      // one lifecycle per model
    }
  }

  /** Starts the model's monitor unless it runs already. */
  public void ensureMonitor(String model) {
    ensureMonitor(models.row(model));
  }

  /**
   * Starts the model's monitor unless it runs already (none for a model without a training
   * definition).
   */
  public void ensureMonitor(ModelRow model) {
    if (!ModelService.trainable(model)) {
      return; // no training profile to compare live inputs with
    }
    ModelMonitor stub =
        client.newWorkflowStub(
            ModelMonitor.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ModelMonitor.workflowId(model.name()))
                .setTaskQueue(pipelineQueue)
                .build());
    try {
      WorkflowClient.start(
          stub::run,
          new MonitorState(
              model.name(), model.definition().monitoringOrDefaults().intervalSeconds(), null));
    } catch (WorkflowExecutionAlreadyStarted running) {
      // one monitor per model
    }
  }

  /** Sends a person's approval decision to the run's workflow; 409 when it is not awaiting one. */
  public ApprovalDecision decide(String runId, ApprovalBody body, String actor) {
    ApprovalRules.requireDecision(body);
    java.util.Optional<String[]> owners =
        jdbi.withHandle(
            h ->
                h.attach(RunDao.class)
                    .starter(runId)
                    .map(
                        run ->
                            new String[] {
                              run.startedBy(),
                              run.modelVersion() == null
                                  ? null
                                  : h.attach(VersionDao.class)
                                      .createdBy(run.modelId(), run.modelVersion())
                                      .orElse(null)
                            }));
    if (owners.isEmpty()) {
      throw new NotFound("run '" + runId + "' does not exist");
    }
    ApprovalRules.requireAnotherPerson(
        actor,
        owners.get()[0],
        owners.get()[1],
        "started run " + runId,
        "registered the model version of run " + runId);
    try {
      return client
          .newUntypedWorkflowStub(runId)
          .update(
              "decide",
              ApprovalDecision.class,
              new ApprovalRequest(body.decision(), actor, body.comment()));
    } catch (WorkflowUpdateException e) {
      throw refusal(e);
    } catch (WorkflowNotFoundException e) {
      throw new Conflict("run '" + runId + "' is not awaiting approval: its workflow has ended");
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new Conflict("run '" + runId + "' is not awaiting approval: its workflow has ended");
      }
      throw e;
    }
  }

  /**
   * How long a person's run start waits for the model's lifecycle to answer: it answers within a
   * moment when a pipeline worker polls the engine's pipeline queue, and never without one.
   */
  public static final Duration RUN_START_WAIT = Duration.ofSeconds(15);

  private static final java.util.concurrent.ExecutorService UPDATES =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "keel-lifecycle-update");
            t.setDaemon(true);
            return t;
          });

  /**
   * The threads that wait for Temporal Updates a caller is waiting on (up to {@link
   * #RUN_START_WAIT}): their own pool, so that a slow Update never occupies the common pool.
   */
  public static java.util.concurrent.Executor updates() {
    return UPDATES;
  }

  /**
   * Starts a person's run through the model's lifecycle (its {@code startRun} Update), so that a
   * run started through the API obeys the lifecycle's rule of one run in flight: 409 naming the run
   * in flight; 503 when the lifecycle does not answer within {@link #RUN_START_WAIT} (no pipeline
   * worker), in which case no run starts, ever: the request carries the moment its caller stops
   * waiting, and the lifecycle refuses it after that.
   */
  public RunStarted startRun(ModelRow model, Trigger trigger, String requestKey) {
    ensureLifecycle(model);
    long end = System.nanoTime() + RUN_START_WAIT.toNanos();
    while (true) {
      try {
        return startRunOnce(model, trigger, requestKey);
      } catch (RunInFlight refused) {
        // a run whose outcome is recorded has ended for the person who saw it end; its workflow is
        // closing and the
        // lifecycle sees that a moment later: ask again instead of refusing
        if (System.nanoTime() > end || runsInFlight(model.name()) > 0) {
          throw new Conflict(refused.getMessage());
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Conflict(refused.getMessage());
        }
      }
    }
  }

  /** A {@code startRun} refused because another run is in flight. */
  private static final class RunInFlight extends RuntimeException {
    RunInFlight(String message) {
      super(message);
    }
  }

  /**
   * The model's runs that the run index shows in flight (none: the lifecycle's run has recorded its
   * outcome).
   */
  private int runsInFlight(String model) {
    return jdbi.withExtension(RunDao.class, dao -> dao.countNotEnded(model));
  }

  private RunStarted startRunOnce(ModelRow model, Trigger trigger, String requestKey) {
    ModelLifecycle stub =
        client.newWorkflowStub(ModelLifecycle.class, ModelLifecycle.workflowId(model.name()));
    RunStart start =
        new RunStart(trigger, requestKey, System.currentTimeMillis() + RUN_START_WAIT.toMillis());
    CompletableFuture<RunStarted> answer =
        CompletableFuture.supplyAsync(() -> stub.startRun(start), UPDATES);
    try {
      // a little longer than the request's own deadline: a lifecycle that saw it in time answers
      return answer.get(RUN_START_WAIT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new Unavailable(
          "the lifecycle of model '"
              + model.name()
              + "' did not answer within "
              + RUN_START_WAIT.toSeconds()
              + " s (is a pipeline worker polling task queue '"
              + pipelineQueue
              + "'?); no run was started");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while starting a run of model '" + model.name() + "'");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof WorkflowUpdateException refused) {
        throw runRefusal(model.name(), refused);
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Asks the model's lifecycle to retrain; returns its state. */
  public LifecycleInfo retrain(String modelName, RetrainBody body, String actor) {
    return retrain(modelName, body, actor, false);
  }

  /**
   * As {@link #retrain(String, RetrainBody, String)}; with {@code replacesChampion} the candidate
   * need not beat the champion (after an erasure, the champion was trained on data that no longer
   * exists).
   */
  public LifecycleInfo retrain(
      String modelName, RetrainBody body, String actor, boolean replacesChampion) {
    ModelRow model = models.row(modelName);
    ModelService.requireDefinition(model);
    DatasetRef dataset = null;
    if (body != null && body.dataset() != null) {
      DatasetView view = datasets.resolve(body.dataset());
      dataset = DatasetService.ref(view);
    }
    ensureLifecycle(model);
    client
        .newWorkflowStub(ModelLifecycle.class, ModelLifecycle.workflowId(modelName))
        .retrain(
            new Trigger(
                Trigger.MANUAL,
                dataset,
                body == null ? null : body.reason(),
                actor,
                replacesChampion ? Boolean.TRUE : null));
    return info(modelName);
  }

  /** A new dataset version: retrain the models that name this dataset. */
  public void newData(DatasetView dataset) {
    List<ModelRow> trainedOnIt =
        jdbi.withExtension(
            dev.keel.engine.models.ModelDao.class, dao -> dao.trainedOn(dataset.name()));
    for (ModelRow model : trainedOnIt) {
      ensureLifecycle(model);
      client
          .newWorkflowStub(ModelLifecycle.class, ModelLifecycle.workflowId(model.name()))
          .newData(
              new Trigger(
                  Trigger.NEW_DATA,
                  DatasetService.ref(dataset),
                  "new version " + dataset.version() + " of dataset " + dataset.name(),
                  null));
    }
  }

  /** Rolls the model back through its lifecycle, which records it. */
  public RollbackResult rollback(String modelName, Integer version, String actor, String reason) {
    ModelRow model = models.row(modelName);
    ensureLifecycle(model);
    try {
      return client
          .newWorkflowStub(ModelLifecycle.class, ModelLifecycle.workflowId(modelName))
          .rollback(new RollbackRequest(version, actor, reason));
    } catch (WorkflowUpdateException e) {
      throw refusal(e);
    }
  }

  /** The lifecycle's live state (when it answers within two seconds) and the stored timeline. */
  public LifecycleInfo info(String modelName) {
    List<TimelineEntry> timeline =
        jdbi.withExtension(LifecycleEventDao.class, dao -> dao.timeline(modelName, 50));
    LastDrift lastDrift =
        jdbi.withExtension(DriftReportDao.class, dao -> dao.latest(modelName)).orElse(null);
    Optional<LifecycleView> view = query(modelName);
    return new LifecycleInfo(
        view.map(LifecycleView::inFlightRunId).orElse(null),
        view.map(LifecycleView::pending).orElse(null),
        view.map(LifecycleView::cooldownUntil).orElse(null),
        lastDrift,
        timeline,
        new Workflows(
            workflowStatus(ModelLifecycle.workflowId(modelName)),
            workflowStatus(ModelMonitor.workflowId(modelName))));
  }

  private String workflowStatus(String workflowId) {
    try {
      return client
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).build())
                  .build())
          .getWorkflowExecutionInfo()
          .getStatus()
          .name()
          .replace("WORKFLOW_EXECUTION_STATUS_", "");
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.NOT_FOUND ? "NOT_FOUND" : "UNKNOWN";
    }
  }

  private Optional<LifecycleView> query(String modelName) {
    try {
      ModelLifecycle stub =
          client.newWorkflowStub(ModelLifecycle.class, ModelLifecycle.workflowId(modelName));
      return Optional.of(CompletableFuture.supplyAsync(stub::view).get(2, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** Records a lifecycle event (idempotent: a retried activity writes it once). */
  public void record(String modelName, LifecycleEvent event) {
    jdbi.useExtension(
        LifecycleEventDao.class,
        dao ->
            dao.record(
                modelName,
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(event.at()), ZoneOffset.UTC),
                event.kind(),
                event.message(),
                event.runId()));
  }

  /**
   * A refused {@code startRun}: the lifecycle's refusals (a run in flight, a late request) and the
   * store's (unknown dataset, ...) with their status; any other failure of the store is an internal
   * error (500 with an id), and a store that did not answer in time is 503. In each case no run was
   * started.
   */
  private static RuntimeException runRefusal(String model, WorkflowUpdateException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        String type = app.getType();
        if (type.endsWith("WorkflowExecutionException")) {
          continue; // the SDK's wrapper of what the workflow threw
        }
        if (dev.keel.workflows.lifecycle.ModelLifecycleImpl.RUN_IN_FLIGHT.equals(type)) {
          return new RunInFlight(app.getOriginalMessage());
        }
        if (dev.keel.workflows.lifecycle.ModelLifecycleImpl.RUN_START_TOO_LATE.equals(type)) {
          // the worker is busy, not the model: ask again later (with the same Idempotency-Key)
          return new Unavailable(
              app.getOriginalMessage()
                  + " (the pipeline worker is busy); ask again later, with the same Idempotency-Key");
        }
        if (ActivityErrors.isRefusal(type)
            || type.endsWith("IllegalArgumentException")
            || type.endsWith("IllegalStateException")) {
          return refusal(e);
        }
        return new IllegalStateException(
            "could not record a run of model '" + model + "': " + app.getOriginalMessage(), e);
      }
      if (t instanceof io.temporal.failure.TimeoutFailure) {
        return new Unavailable(
            "the store did not answer in time while a run of model '"
                + model
                + "' was being recorded; no run was started");
      }
    }
    return new IllegalStateException("could not start a run of model '" + model + "'", e);
  }

  /**
   * A refused Update: invalid input for a malformed request, the kind an activity's refusal names,
   * else a conflict (a request that does not fit the workflow's state).
   */
  private static DomainException refusal(WorkflowUpdateException e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof ApplicationFailure app) {
        Kind kind =
            app.getType().endsWith("IllegalArgumentException")
                ? Kind.INVALID_INPUT
                : ActivityErrors.kind(app.getType());
        return DomainException.of(kind, app.getOriginalMessage());
      }
      t = t.getCause();
    }
    return new Conflict(e.getMessage());
  }
}
