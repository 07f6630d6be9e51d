package dev.keel.engine.runs;

import dev.keel.engine.audit.AuditLog;
import dev.keel.engine.metrics.KeelMetrics;
import dev.keel.engine.mlflow.PipelineTracking;
import dev.keel.engine.models.Lineage;
import dev.keel.engine.models.ModelDao;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.VersionDao;
import dev.keel.engine.webhooks.WebhookEvents;
import dev.keel.engine.webhooks.WebhookPublisher;
import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalWait;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.RegisteredVersion;
import dev.keel.workflows.contract.Registration;
import dev.keel.workflows.contract.RegistryActivities;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.StageRecord;
import dev.keel.workflows.contract.StageStatus;
import dev.keel.workflows.contract.VersionStatus;
import dev.keel.workflows.training.TrainingPipelineImpl;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The control worker's store writes. {@link #recordOutcome} registers the version, moves the
 * champion alias and records the run in one transaction, keyed by run id, so a retried attempt
 * returns what the first one wrote.
 */
public final class RegistryActivitiesImpl implements RegistryActivities {

  private final Jdbi jdbi;
  private final KeelMetrics metrics;
  private final WebhookPublisher webhooks;

  public RegistryActivitiesImpl(Jdbi jdbi, KeelMetrics metrics) {
    this(jdbi, metrics, WebhookPublisher.NONE);
  }

  /**
   * @param webhooks where registered versions, failed runs and pending approvals are announced
   */
  public RegistryActivitiesImpl(Jdbi jdbi, KeelMetrics metrics, WebhookPublisher webhooks) {
    this.jdbi = jdbi;
    this.metrics = metrics;
    this.webhooks = webhooks;
  }

  @Override
  public RegisteredVersion recordOutcome(RunOutcome outcome) {
    Result result =
        jdbi.inTransaction(
            handle -> {
              RunDao runs = handle.attach(RunDao.class);
              RunRow run =
                  runs.lock(outcome.runId())
                      .orElseThrow(
                          () ->
                              ApplicationFailure.newNonRetryableFailure(
                                  "run '" + outcome.runId() + "' is not in Keel's run index",
                                  PipelineActivities.INVALID_INPUT));
              VersionDao versions = handle.attach(VersionDao.class);
              if (run.finished()) {
                // an earlier attempt already recorded this outcome
                Integer n = run.modelVersion();
                String status =
                    n == null
                        ? null
                        : versions.find(run.model(), n).map(v -> v.status()).orElse(null);
                boolean champion =
                    n != null && versions.aliasesOf(run.model(), n).contains(ModelService.CHAMPION);
                return new Result(
                    new RegisteredVersion(n, status, champion), false, run.model(), false);
              }
              List<StageRecord> stages = closeRegisterStage(outcome.stages(), outcome.status());
              RegisteredVersion registered = new RegisteredVersion(run.modelVersion(), null, false);
              boolean registeredNow = outcome.registration() != null && run.modelVersion() == null;
              if (registeredNow) {
                registered = register(handle, run, outcome);
              }
              String stage =
                  stages.stream()
                      .filter(
                          s ->
                              StageStatus.of(s.status())
                                  .filter(
                                      st -> st == StageStatus.PENDING || st == StageStatus.SKIPPED)
                                  .isEmpty())
                      .reduce((a, b) -> b)
                      .map(StageRecord::name)
                      .orElse(null);
              runs.complete(
                  run.id(),
                  outcome.status(),
                  stage,
                  stages,
                  outcome.metrics(),
                  outcome.championMetrics(),
                  outcome.gates(),
                  registered.version(),
                  outcome.error());
              PipelineTracking.close(
                  handle, outcome, registered.version(), System.currentTimeMillis());
              return new Result(registered, true, run.model(), registeredNow);
            });
    if (result.firstRecord()) {
      observe(result.model(), outcome);
    }
    if (result.registeredNow()) {
      observeSweep(result.model(), outcome.registration());
    }
    // published on every attempt (the events' ids make repeats no-ops), so an attempt that
    // committed and then died still announces them
    if (result.version().version() != null) {
      publishRegistered(result.model(), outcome.runId(), result.version());
    }
    if (RunStatus.of(outcome.status()).orElse(null) == RunStatus.FAILED) {
      Map<String, Object> data = new java.util.LinkedHashMap<>();
      data.put("runId", outcome.runId());
      data.put("status", outcome.status());
      data.put("error", outcome.error());
      webhooks.publish(WebhookEvents.RUN_FAILED, outcome.runId(), result.model(), data);
    }
    return result.version();
  }

  private void publishRegistered(String model, String runId, RegisteredVersion version) {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("version", version.version());
    data.put("status", version.status());
    data.put("champion", version.champion());
    data.put("runId", runId);
    webhooks.publish(
        WebhookEvents.VERSION_REGISTERED, model + "/" + version.version(), model, data);
  }

  @Override
  public RegisteredVersion registerVersion(RunOutcome interim) {
    boolean[] registeredNow = {false};
    RegisteredVersion version =
        jdbi.inTransaction(
            handle -> {
              registeredNow[0] = false;
              RunRow run =
                  handle
                      .attach(RunDao.class)
                      .lock(interim.runId())
                      .orElseThrow(
                          () ->
                              ApplicationFailure.newNonRetryableFailure(
                                  "run '" + interim.runId() + "' is not in Keel's run index",
                                  PipelineActivities.INVALID_INPUT));
              if (run.modelVersion() != null) {
                VersionDao versions = handle.attach(VersionDao.class);
                return new RegisteredVersion(
                    run.modelVersion(),
                    versions
                        .find(run.model(), run.modelVersion())
                        .map(v -> v.status())
                        .orElse(null),
                    false);
              }
              RegisteredVersion registered = register(handle, run, interim);
              handle
                  .attach(RunDao.class)
                  .setModelVersion(
                      run.id(),
                      registered.version(),
                      interim.metrics(),
                      interim.championMetrics(),
                      interim.gates());
              registeredNow[0] = true;
              return registered;
            });
    if (registeredNow[0]) {
      observeSweep(interim.model(), interim.registration());
    }
    if (version.version() != null) {
      publishRegistered(interim.model(), interim.runId(), version);
    }
    return version;
  }

  @Override
  public void awaitApproval(ApprovalWait wait) {
    String stage = wait.stage() == null ? TrainingPipelineImpl.APPROVE : wait.stage();
    boolean awaiting =
        jdbi.inTransaction(
            handle -> {
              RunDao runs = handle.attach(RunDao.class);
              RunRow run =
                  runs.lock(wait.runId())
                      .orElseThrow(
                          () ->
                              ApplicationFailure.newNonRetryableFailure(
                                  "run '" + wait.runId() + "' is not in Keel's run index",
                                  PipelineActivities.INVALID_INPUT));
              // locked, so that a decision recorded at the same moment either comes first (and
              // this changes nothing) or after
              if (runs.awaitApproval(wait.runId(), stage, wait.stages()) == 1) {
                PipelineTracking.status(handle, wait.runId(), RunStatus.AWAITING_APPROVAL.name());
                return true;
              }
              return RunStatus.AWAITING_APPROVAL.name().equals(run.status()); // a retry
            });
    if (awaiting) {
      Map<String, Object> data = new java.util.LinkedHashMap<>();
      data.put("runId", wait.runId());
      data.put("version", wait.version());
      data.put("stage", stage);
      webhooks.publish(WebhookEvents.APPROVAL_PENDING, wait.runId(), wait.model(), data);
    }
  }

  @Override
  public void recordApproval(ApprovalDecision decision) {
    if (decision.stage() != null) {
      recordStageDecision(decision);
      return;
    }
    boolean first =
        jdbi.inTransaction(
            handle -> {
              RunDao runs = handle.attach(RunDao.class);
              runs.lock(decision.runId());
              if (runs.resume(decision.runId()) == 1) {
                PipelineTracking.status(handle, decision.runId(), RunStatus.RUNNING.name());
              }
              int inserted =
                  runs.insertApproval(
                      decision.runId(),
                      decision.version(),
                      decision.decision(),
                      decision.actor(),
                      decision.comment(),
                      OffsetDateTime.ofInstant(
                          Instant.ofEpochMilli(decision.decidedAt()), ZoneOffset.UTC));
              if (inserted == 1) {
                AuditLog.append(
                    handle,
                    decision.actor(),
                    "approval",
                    decision.model()
                        + " v"
                        + decision.version()
                        + " (run "
                        + decision.runId()
                        + ")",
                    decision.decision(),
                    null,
                    null);
              }
              if (inserted == 1 && decision.version() != null) {
                handle
                    .attach(ModelDao.class)
                    .find(decision.model())
                    .ifPresent(
                        model ->
                            handle
                                .attach(VersionDao.class)
                                .decide(model.id(), decision.version(), decision.approved()));
              }
              return inserted == 1;
            });
    if (first) {
      metrics.approvals.labels(decision.model(), decision.decision()).inc();
    }
  }

  /**
   * A person's (or the timeout's) decision on a run held at {@code decision.stage()} (a data
   * check): the run is {@code RUNNING} again and the audit log records who decided. It is not the
   * run's approval (a run has one, of its candidate version); the stage's detail shows it.
   */
  private void recordStageDecision(ApprovalDecision decision) {
    jdbi.useTransaction(
        handle -> {
          RunDao runs = handle.attach(RunDao.class);
          runs.lock(decision.runId());
          if (runs.resume(decision.runId()) == 1) {
            PipelineTracking.status(handle, decision.runId(), RunStatus.RUNNING.name());
            AuditLog.append(
                handle,
                decision.actor(),
                "hold",
                decision.model() + " " + decision.stage() + " (run " + decision.runId() + ")",
                decision.decision(),
                null,
                null);
          }
        });
  }

  /**
   * Inserts the run's model version; moves the champion alias when the registration promotes it.
   */
  private static RegisteredVersion register(Handle handle, RunRow run, RunOutcome outcome) {
    Registration reg = outcome.registration();
    VersionDao versions = handle.attach(VersionDao.class);
    ModelRow model = handle.attach(ModelDao.class).lock(run.model()).orElseThrow();
    int n = versions.nextVersion(model.id());
    String status = (reg.passed() ? VersionStatus.PASSED : VersionStatus.REJECTED).name();
    Lineage lineage =
        new Lineage(
            reg.dataset(),
            run.id(),
            run.pipeline(),
            reg.trainer().algorithm(),
            reg.trainer().params(),
            reg.seed(),
            reg.keelVersion(),
            reg.gitCommit(),
            Lineage.Sweep.of(run.id(), reg.sweep()));
    versions.insert(
        model.id(),
        n,
        run.id(),
        reg.artifactHash(),
        reg.signature(),
        outcome.metrics() == null ? Map.of() : outcome.metrics(),
        outcome.gates() == null ? List.of() : outcome.gates(),
        lineage,
        status);
    if (reg.promotes()) {
      versions.setAlias(model.id(), ModelService.CHAMPION, n);
    }
    PipelineTracking.registered(handle, run.model(), n, run.id(), reg);
    return new RegisteredVersion(n, status, reg.promotes());
  }

  private record Result(
      RegisteredVersion version, boolean firstRecord, String model, boolean registeredNow) {}

  /** The register stage ends with this transaction. */
  private static List<StageRecord> closeRegisterStage(List<StageRecord> stages, String status) {
    long now = System.currentTimeMillis();
    return stages.stream()
        .map(
            s ->
                StageStatus.of(s.status()).orElse(null) == StageStatus.RUNNING
                    ? new StageRecord(
                        s.name(),
                        (RunStatus.of(status).orElse(null) == RunStatus.FAILED
                                ? StageStatus.FAILED
                                : StageStatus.SUCCEEDED)
                            .name(),
                        s.startedAt(),
                        now,
                        Math.max(1, s.attempts()),
                        s.activityMillis())
                    : s)
        .toList();
  }

  /**
   * Counted once, when the version the sweep led to is registered (after the transaction commits).
   */
  private void observeSweep(String model, Registration registration) {
    if (registration != null && registration.sweep() != null) {
      metrics.sweepTrials.labels(model, "finished").inc(registration.sweep().finished());
      metrics.sweepTrials.labels(model, "failed").inc(registration.sweep().failed());
    }
  }

  private void observe(String model, RunOutcome outcome) {
    metrics.runsCompleted.labels(model, outcome.status().toLowerCase(Locale.ROOT)).inc();
    for (StageRecord s : outcome.stages()) {
      if (s.startedAt() != null && s.endedAt() != null) {
        metrics.stageDuration.labels(s.name()).observe((s.endedAt() - s.startedAt()) / 1000.0);
      }
    }
  }
}
