package dev.keel.engine.lineage;

import dev.keel.engine.BuildInfo;
import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.errors.Unavailable;
import dev.keel.engine.models.Lineage;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.VersionDao;
import dev.keel.engine.models.VersionRow;
import dev.keel.engine.runs.RunDao;
import dev.keel.engine.runs.RunRow;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.TrainerSpec;
import dev.keel.workflows.reproduce.ReproduceRequest;
import dev.keel.workflows.reproduce.ReproduceResult;
import dev.keel.workflows.reproduce.ReproduceWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrains model versions from their recorded lineage ({@link
 * dev.keel.workflows.reproduce.ReproduceWorkflow}) and keeps the answers in {@code reproductions}.
 */
public final class ReproductionService {

  /** The longest a caller may wait for the answer in the request that starts a reproduction. */
  public static final int MAX_WAIT_SECONDS = 600;

  private static final Logger LOG = LoggerFactory.getLogger(ReproductionService.class);

  private final Jdbi jdbi;
  private final WorkflowClient client;
  private final ModelService models;
  private final BuildInfo build;
  private final String pipelineQueue;

  public ReproductionService(
      Jdbi jdbi,
      WorkflowClient client,
      ModelService models,
      BuildInfo build,
      String pipelineQueue) {
    this.jdbi = jdbi;
    this.client = client;
    this.models = models;
    this.build = build;
    this.pipelineQueue = pipelineQueue;
  }

  /**
   * Starts retraining version {@code version} of {@code model} with the dataset version, trainer,
   * parameters and seed its lineage recorded; waits up to {@code waitSeconds} for the answer.
   */
  public ReproductionView start(String model, int version, int waitSeconds) {
    if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
      throw new InvalidInput(
          "query parameter 'wait': "
              + waitSeconds
              + " is out of range; expected 0 to "
              + MAX_WAIT_SECONDS
              + " seconds");
    }
    ModelRow row = models.row(model);
    VersionRow v =
        jdbi.withExtension(VersionDao.class, dao -> dao.find(model, version))
            .orElseThrow(() -> new NotFound("model '" + model + "' has no version " + version));
    Lineage lineage = v.lineage();
    if (v.runId() == null
        || lineage == null
        || lineage.dataset() == null
        || lineage.algorithm() == null) {
      throw new Conflict(
          "version "
              + version
              + " of model '"
              + model
              + "' was not trained by Keel, so its "
              + "lineage has no training run to repeat");
    }
    RunRow run =
        jdbi.withExtension(RunDao.class, dao -> dao.find(v.runId()))
            .orElseThrow(
                () ->
                    new Conflict(
                        "the run "
                            + v.runId()
                            + " that trained version "
                            + version
                            + " of model '"
                            + model
                            + "' is no longer in Keel's run index"));
    ModelSpec recorded = run.spec();
    ModelSpec spec =
        new ModelSpec(
            recorded.task(),
            recorded.target(),
            recorded.binarize(),
            recorded.positiveClass(),
            recorded.exclude(),
            new TrainerSpec(lineage.algorithm(), lineage.params()),
            recorded.gates(),
            recorded.schema(),
            recorded.holdoutFraction(),
            lineage.seed(),
            recorded.compareWithChampion());
    String id = "reproduce-" + UUID.randomUUID();
    jdbi.useExtension(
        ReproductionDao.class,
        dao -> dao.insert(id, row.id(), version, v.artifact(), build.version()));
    ReproduceRequest request =
        new ReproduceRequest(
            id,
            model,
            version,
            lineage.dataset(),
            spec,
            v.artifact(),
            row.definition().computeQueue());
    ReproduceWorkflow workflow =
        client.newWorkflowStub(
            ReproduceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(pipelineQueue)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
    try {
      WorkflowClient.start(workflow::reproduce, request);
    } catch (RuntimeException e) {
      LOG.error("could not start reproduction {}", id, e);
      jdbi.useExtension(
          ReproductionDao.class,
          dao -> dao.fail(id, "could not start the workflow: " + e.getMessage()));
      throw new Unavailable(
          "could not start reproduction " + id + " on Temporal: " + e.getMessage());
    }
    if (waitSeconds > 0) {
      try {
        client
            .newUntypedWorkflowStub(id)
            .getResult(waitSeconds, TimeUnit.SECONDS, ReproduceResult.class);
      } catch (TimeoutException | WorkflowException e) {
        // still running, or failed: the row says which
      }
    }
    return get(id);
  }

  public ReproductionView get(String id) {
    return jdbi.withExtension(ReproductionDao.class, dao -> dao.find(id))
        .orElseThrow(() -> new NotFound("reproduction '" + id + "' does not exist"));
  }

  /** Reproductions of one version, newest first. */
  public List<ReproductionView> of(String model, int version) {
    return jdbi.withExtension(ReproductionDao.class, dao -> dao.of(model, version));
  }
}
