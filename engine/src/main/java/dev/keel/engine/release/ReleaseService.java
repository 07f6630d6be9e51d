package dev.keel.engine.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.errors.Unavailable;
import dev.keel.engine.metrics.KeelMetrics;
import dev.keel.engine.models.ModelDao;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.ReleaseDefinition;
import dev.keel.engine.models.VersionDao;
import dev.keel.engine.models.VersionRow;
import dev.keel.engine.runs.RunDao;
import dev.keel.engine.runs.RunService;
import dev.keel.engine.runs.RunStatus;
import dev.keel.engine.runs.RunView;
import dev.keel.workflows.contract.CanaryPolicy;
import dev.keel.workflows.contract.ChampionRef;
import dev.keel.workflows.contract.ReleasePolicy;
import dev.keel.workflows.contract.StageRecord;
import dev.keel.workflows.contract.StageStatus;
import dev.keel.workflows.contract.VersionStatus;
import dev.keel.workflows.release.ReleasePipeline;
import dev.keel.workflows.release.ReleasePipelineImpl;
import dev.keel.workflows.release.ReleaseRequest;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts release runs: a row in Keel's run index (pipeline {@code ReleasePipeline}, no dataset, the
 * version to release as its {@code modelVersion}) and a {@link ReleasePipeline} workflow whose id
 * is the run id. The checks and the insert happen under the model's row lock, so two requests
 * cannot release the same version at once.
 */
public final class ReleaseService {

  private static final Logger LOG = LoggerFactory.getLogger(ReleaseService.class);

  private final Jdbi jdbi;
  private final WorkflowClient client;
  private final RunService runs;
  private final KeelMetrics metrics;
  private final ObjectMapper json;
  private final String pipelineQueue;

  public ReleaseService(
      Jdbi jdbi,
      WorkflowClient client,
      RunService runs,
      KeelMetrics metrics,
      ObjectMapper json,
      String pipelineQueue) {
    this.jdbi = jdbi;
    this.client = client;
    this.runs = runs;
    this.metrics = metrics;
    this.json = json;
    this.pipelineQueue = pipelineQueue;
  }

  /** Starts a release of {@code version}; returns the run as {@code GET /v1/runs/{id}} shows it. */
  public RunView start(String modelName, int version, ReleaseBody posted, String actor) {
    ReleaseBody body =
        posted == null ? new ReleaseBody(null, null, null, null, null, null) : posted;
    names("features", body.features());
    names("labels", body.labels());
    String runId = "run-" + UUID.randomUUID();
    ReleaseRequest request =
        jdbi.inTransaction(
            h -> {
              ModelRow model =
                  h.attach(ModelDao.class)
                      .lock(modelName)
                      .orElseThrow(() -> new NotFound("model '" + modelName + "' does not exist"));
              VersionDao versions = h.attach(VersionDao.class);
              VersionRow v =
                  versions
                      .find(modelName, version)
                      .orElseThrow(
                          () ->
                              new NotFound("model '" + modelName + "' has no version " + version));
              if (versions.aliasesOf(modelName, version).contains(ModelService.CHAMPION)) {
                throw new Conflict(
                    "version "
                        + version
                        + " of model '"
                        + modelName
                        + "' is already the champion; "
                        + "there is nothing to release");
              }
              RunDao runIndex = h.attach(RunDao.class);
              runIndex
                  .inFlightWithVersion(model.id(), version)
                  .ifPresent(
                      running -> {
                        throw new Conflict(
                            "version "
                                + version
                                + " of model '"
                                + modelName
                                + "' is already being released by run "
                                + running);
                      });
              if (VersionStatus.of(v.status()).orElse(null) == VersionStatus.REJECTED) {
                throw new Conflict(
                    "version "
                        + version
                        + " of model '"
                        + modelName
                        + "' was rejected (failed its "
                        + "gates or its approval) and cannot be released");
              }
              ReleaseRequest r =
                  new ReleaseRequest(
                      runId,
                      modelName,
                      version,
                      policy(model, body),
                      versions
                          .byAlias(modelName, ModelService.CHAMPION)
                          .map(c -> new ChampionRef(c.version(), c.artifact()))
                          .orElse(null),
                      body.features(),
                      body.labels(),
                      body.comment());
              List<StageRecord> pending =
                  ReleasePipelineImpl.STAGES.stream()
                      .map(s -> new StageRecord(s, StageStatus.PENDING.name(), null, null, 0, null))
                      .toList();
              runIndex.insertRelease(
                  runId, model.id(), ReleasePipeline.TYPE, r, pending, version, actor);
              return r;
            });
    metrics.runsStarted.labels(modelName).inc();
    for (String status : List.of("succeeded", "rejected", "rolled_back", "failed", "interrupted")) {
      metrics.runsCompleted.labels(modelName, status);
    }
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(runId)
            .setTaskQueue(pipelineQueue)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .build();
    try {
      client.newUntypedWorkflowStub(ReleasePipeline.TYPE, options).start(request);
    } catch (RuntimeException e) {
      LOG.error("could not start the release workflow of run {}", runId, e);
      jdbi.useExtension(
          RunDao.class,
          dao ->
              dao.endIfRunning(
                  runId,
                  RunStatus.FAILED.name(),
                  "could not start the release workflow: " + e.getMessage()));
      throw new Unavailable(
          "could not start release run " + runId + " on Temporal: " + e.getMessage());
    }
    return runs.get(runId);
  }

  /**
   * The body's policy, else the model definition's release, else manual approval without a canary.
   */
  private static ReleasePolicy policy(ModelRow model, ReleaseBody body) {
    ReleaseDefinition defined = model.definition() == null ? null : model.definition().release();
    String approval =
        body.policy() != null
            ? body.policy()
            : defined != null && ReleasePolicy.AUTO.equals(defined.approval())
                ? ReleasePolicy.AUTO
                : ReleasePolicy.MANUAL;
    if (!ReleasePolicy.MANUAL.equals(approval) && !ReleasePolicy.AUTO.equals(approval)) {
      throw new InvalidInput(
          "field 'policy': '"
              + approval
              + "' is not a release policy; expected 'manual' "
              + "or 'auto'");
    }
    Long timeout =
        body.approvalTimeoutSeconds() != null
            ? body.approvalTimeoutSeconds()
            : defined != null && defined.approvalTimeoutSeconds() != null
                ? defined.approvalTimeoutSeconds()
                : ReleaseDefinition.DEFAULT_APPROVAL_TIMEOUT;
    if (timeout < 1) {
      throw new InvalidInput(
          "field 'approvalTimeoutSeconds': expected a positive number of seconds");
    }
    CanaryPolicy canary =
        body.canary() != null ? body.canary() : defined == null ? null : defined.canary();
    if (body.canary() != null
        && !(canary.share() > 0
            && canary.share() < 1
            && canary.windowSeconds() > 0
            && canary.maxErrorRate() >= 0
            && canary.maxLatencyRatio() > 0)) {
      throw new InvalidInput(
          "field 'canary': expected share between 0 and 1 (exclusive), windowSeconds > 0, "
              + "maxErrorRate >= 0 and maxLatencyRatio > 0");
    }
    return new ReleasePolicy(approval, timeout, canary);
  }

  private static void names(String field, List<String> names) {
    if (names == null) {
      return;
    }
    if (names.isEmpty()) {
      throw new InvalidInput(
          "field '" + field + "': expected a non-empty list of names, or leave it out");
    }
    HashSet<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      if (n == null || n.isBlank()) {
        throw new InvalidInput("field '" + field + "[" + i + "]': expected a non-empty name");
      }
      if (!seen.add(n)) {
        throw new InvalidInput("field '" + field + "[" + i + "]': '" + n + "' is named twice");
      }
    }
  }
}
