package dev.keel.engine.runs;

import dev.keel.engine.BuildInfo;
import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.datasets.DatasetView;
import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.metrics.KeelMetrics;
import dev.keel.engine.mlflow.PipelineTracking;
import dev.keel.engine.models.ModelDefinition;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.workflows.contract.ChampionRef;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.RunProgress;
import dev.keel.workflows.contract.StageRecord;
import dev.keel.workflows.contract.StageStatus;
import dev.keel.workflows.lifecycle.PreparedRun;
import dev.keel.workflows.lifecycle.RunStarted;
import dev.keel.workflows.lifecycle.Trigger;
import dev.keel.workflows.training.TrainingPipelineImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts training runs — through the model's lifecycle, which starts every run of a model as its
 * child workflow (the run id is the workflow id) and holds one in flight at most — and reads them
 * back: from Keel's run index once they have ended, with live stage progress from the workflow
 * while they run.
 */
public final class RunService {

  private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
  private static final List<String> STANDARD_STAGES =
      List.of(
          TrainingPipelineImpl.INGEST,
          TrainingPipelineImpl.VALIDATE,
          TrainingPipelineImpl.TRAIN,
          TrainingPipelineImpl.EVALUATE,
          TrainingPipelineImpl.REGISTER);

  /** A started (or, for a repeated request key, existing) run. */
  public record Started(RunView run, boolean created) {}

  private final Jdbi jdbi;
  private final WorkflowClient client;
  private final ModelService models;
  private final DatasetService datasets;
  private final KeelMetrics metrics;
  private final BuildInfo build;
  private final String pipelineQueue;
  private final LifecycleService lifecycles;

  public RunService(
      Jdbi jdbi,
      WorkflowClient client,
      ModelService models,
      DatasetService datasets,
      KeelMetrics metrics,
      BuildInfo build,
      String pipelineQueue,
      LifecycleService lifecycles) {
    this.lifecycles = lifecycles;
    this.jdbi = jdbi;
    this.client = client;
    this.models = models;
    this.datasets = datasets;
    this.metrics = metrics;
    this.build = build;
    this.pipelineQueue = pipelineQueue;
  }

  /**
   * A run recorded in the run index: whether this call created it, and what starts its workflow.
   */
  public record Prepared(RunRow row, boolean created, PreparedRun run) {}

  /**
   * Starts a run of {@code modelName} on a dataset version, through the model's lifecycle: 409
   * naming the run in flight when the model has one. With a request key, repeating the request
   * returns the run the first request started instead of starting another.
   */
  public Started start(String modelName, RunRequest request, String requestKey, String startedBy) {
    ModelRow model = models.row(modelName);
    if (request == null) {
      throw new InvalidInput(
          "request body is required: {\"dataset\": \"NAME\" or \"NAME@sha256:...\"}");
    }
    ModelService.requireDefinition(model);
    Optional<Started> earlier = earlier(model, requestKey);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    DatasetView dataset =
        datasets.resolve(request.dataset()); // 400/404 here, before the lifecycle is asked
    return started(
        lifecycles.startRun(
            model,
            new Trigger(
                Trigger.MANUAL,
                DatasetService.ref(dataset),
                "started through the API by " + startedBy,
                startedBy),
            requestKey));
  }

  /** The run an earlier request with this key started, if any. */
  private Optional<Started> earlier(ModelRow model, String requestKey) {
    if (requestKey == null) {
      return Optional.empty();
    }
    return jdbi.withExtension(RunDao.class, dao -> dao.findByRequestKey(model.id(), requestKey))
        .map(row -> new Started(view(row), false));
  }

  private Started started(RunStarted started) {
    return new Started(get(started.runId()), started.created());
  }

  /**
   * A new run with the same inputs as an ended one — its dataset version and its training spec —
   * started by {@code actor}: how an {@code INTERRUPTED} or {@code FAILED} run is tried again. 409
   * while the run is in flight, and for a release run (it trained nothing; its version is released
   * again instead). With a request key, repeating the request returns the run the first one
   * started.
   */
  public Started restart(String runId, String requestKey, String actor) {
    RunRow old =
        jdbi.withExtension(RunDao.class, dao -> dao.find(runId))
            .orElseThrow(() -> new NotFound("run '" + runId + "' does not exist"));
    if (old.endedAt() == null) {
      throw new Conflict(
          "run '"
              + runId
              + "' is still in flight (status "
              + old.status()
              + "); a run can be restarted once it has ended");
    }
    if (old.datasetName() == null) {
      throw new Conflict(
          "run '"
              + runId
              + "' released version "
              + old.modelVersion()
              + " and trained "
              + "nothing: release it again with POST /v1/models/"
              + old.model()
              + "/versions/"
              + old.modelVersion()
              + "/release");
    }
    ModelRow model = models.row(old.model());
    Optional<Started> earlier = earlier(model, requestKey);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    Started started =
        started(
            lifecycles.startRun(
                model,
                new Trigger(
                    Trigger.MANUAL,
                    new DatasetRef(old.datasetName(), old.datasetVersion()),
                    "restart of run " + runId + " (" + old.status() + ")",
                    actor,
                    null,
                    runId),
                requestKey));
    if (started.created()) {
      LOG.info("run {} restarts run {} ({})", started.run().id(), runId, old.status());
    }
    return started;
  }

  /**
   * Records a run in the run index, with who started it, without starting its workflow (the caller
   * starts it: the API directly, a model's lifecycle as a child workflow). Idempotent by request
   * key.
   */
  public Prepared prepare(
      String modelName, String datasetReference, String requestKey, String startedBy) {
    return prepare(modelName, datasetReference, requestKey, startedBy, true);
  }

  /**
   * Records a run with the same inputs as the ended run {@code runId} — its dataset version and its
   * training spec — for a restart (the caller, the model's lifecycle, starts it). Idempotent by
   * request key.
   */
  public Prepared prepareRestart(String runId, String requestKey, String startedBy) {
    RunRow old =
        jdbi.withExtension(RunDao.class, dao -> dao.find(runId))
            .orElseThrow(() -> new NotFound("run '" + runId + "' does not exist"));
    return prepare(
        old.model(),
        old.datasetName() + "@" + old.datasetVersion(),
        requestKey,
        startedBy,
        model -> old.spec());
  }

  /**
   * As {@link #prepare(String, String, String, String)}; without {@code championComparison} the
   * candidate need not match the champion (a retrain after an erasure must replace a champion
   * trained on erased data).
   */
  public Prepared prepare(
      String modelName,
      String datasetReference,
      String requestKey,
      String startedBy,
      boolean championComparison) {
    return prepare(
        modelName,
        datasetReference,
        requestKey,
        startedBy,
        model ->
            championComparison
                ? models.spec(model)
                : models.spec(model).withoutChampionComparison());
  }

  private Prepared prepare(
      String modelName,
      String datasetReference,
      String requestKey,
      String startedBy,
      java.util.function.Function<ModelRow, ModelSpec> specOf) {
    ModelRow model = models.row(modelName);
    ModelService.requireDefinition(model);
    if (requestKey != null) {
      Optional<RunRow> existing =
          jdbi.withExtension(RunDao.class, dao -> dao.findByRequestKey(model.id(), requestKey));
      if (existing.isPresent()) {
        return existing(model, existing.get());
      }
    }
    DatasetView dataset = datasets.resolve(datasetReference);
    ModelSpec spec = specOf.apply(model);
    String runId = "run-" + UUID.randomUUID();
    String pipeline = model.definition().pipeline();
    List<StageRecord> pending =
        STANDARD_STAGES.stream()
            .map(s -> new StageRecord(s, StageStatus.PENDING.name(), null, null, 0, null))
            .toList();
    boolean inserted =
        jdbi.inTransaction(
            h -> {
              Optional<String> id =
                  h.attach(RunDao.class)
                      .insert(
                          runId,
                          model.id(),
                          requestKey,
                          pipeline,
                          dataset.name(),
                          dataset.version(),
                          spec,
                          startedBy,
                          ModelDefinition.DEFAULT_PIPELINE.equals(pipeline)
                              ? stages(spec, pending)
                              : List.of());
              id.ifPresent(
                  i ->
                      PipelineTracking.open(
                          h,
                          model.name(),
                          runId,
                          pipeline,
                          spec,
                          DatasetService.ref(dataset),
                          System.currentTimeMillis()));
              return id.isPresent();
            });
    if (!inserted) {
      // a concurrent request with the same key won the race (only the key can conflict: the run id
      // is new)
      return existing(
          model,
          jdbi.withExtension(RunDao.class, dao -> dao.findByRequestKey(model.id(), requestKey))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "run with request key '"
                              + requestKey
                              + "' of model '"
                              + model.name()
                              + "' conflicted but cannot be found")));
    }
    metrics.runsStarted.labels(modelName).inc();
    for (String status : List.of("succeeded", "rejected", "rolled_back", "failed", "interrupted")) {
      metrics.runsCompleted.labels(
          modelName, status); // exported at 0, so that alerts see the first increase
    }
    RunRow row = jdbi.withExtension(RunDao.class, dao -> dao.find(runId)).orElseThrow();
    return new Prepared(row, true, prepared(model, runId, spec, DatasetService.ref(dataset)));
  }

  /** The run an earlier request with the same key recorded. */
  private Prepared existing(ModelRow model, RunRow row) {
    return new Prepared(
        row,
        false,
        prepared(
            model, row.id(), row.spec(), new DatasetRef(row.datasetName(), row.datasetVersion())));
  }

  /**
   * The stages a run of Keel's pipeline shows before it starts: a sweep comes between validate and
   * train.
   */
  private static List<StageRecord> stages(ModelSpec spec, List<StageRecord> standard) {
    if (spec.sweep() == null) {
      return standard;
    }
    List<StageRecord> stages = new java.util.ArrayList<>(standard);
    stages.add(
        2,
        new StageRecord(
            TrainingPipelineImpl.SWEEP, StageStatus.PENDING.name(), null, null, 0, null));
    return stages;
  }

  private PreparedRun prepared(ModelRow model, String runId, ModelSpec spec, DatasetRef dataset) {
    ChampionRef champion =
        models
            .champion(model.name())
            .map(v -> new ChampionRef(v.version(), v.artifact()))
            .orElse(null);
    ModelDefinition d = model.definition();
    PipelineRequest input =
        new PipelineRequest(
            runId,
            model.name(),
            spec,
            dataset,
            champion,
            build.version(),
            build.gitCommit(),
            d.computeQueue(),
            ModelService.release(d),
            null,
            d.cache());
    return new PreparedRun(d.pipeline(), pipelineQueue, input);
  }

  public RunView get(String id) {
    RunRow row =
        jdbi.withExtension(RunDao.class, dao -> dao.find(id))
            .orElseThrow(() -> new NotFound("run '" + id + "' does not exist"));
    return view(row);
  }

  /** A model's runs, newest first; with a {@code status}, only the runs that have it. */
  public List<RunView> list(String model, RunStatus status, int limit) {
    models.row(model);
    List<RunRow> rows =
        jdbi.withExtension(
            RunDao.class,
            dao ->
                status == null
                    ? dao.listByModel(model, limit)
                    : dao.listByModelAndStatus(model, status.name(), limit));
    java.util.Map<String, RunView.Approval> approvals =
        approvals(rows.stream().map(RunRow::id).toList());
    return rows.stream()
        .map(r -> RunView.of(r, r.stage(), r.stages(), approvals.get(r.id())))
        .toList();
  }

  private RunView view(RunRow row) {
    RunView.Approval approval = approval(row.id());
    if (!row.inFlight()) {
      return RunView.of(row, row.stage(), row.stages(), approval);
    }
    return progress(row.id())
        .map(p -> RunView.of(row, p.stage(), p.stages(), approval))
        .orElseGet(() -> RunView.of(row, row.stage(), row.stages(), approval));
  }

  private RunView.Approval approval(String runId) {
    return approvals(List.of(runId)).get(runId);
  }

  /** The recorded approval decisions of these runs, in one query, by run id. */
  private java.util.Map<String, RunView.Approval> approvals(List<String> runIds) {
    java.util.Map<String, RunView.Approval> byRun = new java.util.HashMap<>();
    if (runIds.isEmpty()) {
      return byRun;
    }
    jdbi.withExtension(RunDao.class, dao -> dao.approvals(runIds))
        .forEach(
            a ->
                byRun.put(
                    a.runId(),
                    new RunView.Approval(a.decision(), a.actor(), a.comment(), a.decidedAt())));
    return byRun;
  }

  /**
   * Live progress from the workflow; empty when it does not answer quickly (no worker, or already
   * gone).
   */
  private Optional<RunProgress> progress(String runId) {
    WorkflowStub stub = client.newUntypedWorkflowStub(runId);
    try {
      return Optional.of(
          CompletableFuture.supplyAsync(() -> stub.query("progress", RunProgress.class))
              .get(2, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      LOG.debug("no live progress for run {}: {}", runId, e.toString());
      return Optional.empty();
    }
  }
}
