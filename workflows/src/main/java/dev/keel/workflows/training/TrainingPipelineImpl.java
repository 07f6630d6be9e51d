package dev.keel.workflows.training;

import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalRequest;
import dev.keel.workflows.contract.ApprovalWait;
import dev.keel.workflows.contract.DatasetActivities;
import dev.keel.workflows.contract.EvaluateRequest;
import dev.keel.workflows.contract.EvaluateResult;
import dev.keel.workflows.contract.GateResult;
import dev.keel.workflows.contract.IngestRequest;
import dev.keel.workflows.contract.IngestResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.RegisteredVersion;
import dev.keel.workflows.contract.Registration;
import dev.keel.workflows.contract.RegistryActivities;
import dev.keel.workflows.contract.ReleasePolicy;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.RunProgress;
import dev.keel.workflows.contract.StageRecord;
import dev.keel.workflows.contract.SweepSummary;
import dev.keel.workflows.contract.TrainRequest;
import dev.keel.workflows.contract.TrainResult;
import dev.keel.workflows.contract.TrainingActivities;
import dev.keel.workflows.contract.ValidateRequest;
import dev.keel.workflows.contract.ValidationResult;
import dev.keel.workflows.training.PipelineStages.StageFailure;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.List;
import java.util.Map;

/**
 * Keel's standard pipeline: ingest → validate → train → evaluate → register, and, for runs with a
 * {@link ReleasePolicy}, → approve → deploy. An automatic retrain with a data check has a {@code
 * dataCheck} stage after validate ({@link DataCheckStage}). Deterministic: all I/O happens in
 * activities.
 */
public class TrainingPipelineImpl implements TrainingPipeline {

  public static final String INGEST = "ingest";
  public static final String VALIDATE = "validate";
  public static final String TRAIN = "train";
  public static final String EVALUATE = "evaluate";
  public static final String REGISTER = "register";
  public static final String APPROVE = "approve";
  public static final String DEPLOY = "deploy";

  /**
   * Change id of the release (approval and deployment) logic; runs recorded before it replay the
   * old path.
   */
  static final String RELEASES = "releases";

  /** Change id of hyperparameter sweeps; only runs whose spec has a sweep ever ask for it. */
  static final String SWEEPS = "sweeps";

  public static final String SWEEP = Sweep.STAGE;

  /**
   * Change id of the data check of automatic retrains; only runs whose request has a data check
   * ever ask for it.
   */
  static final String DATA_CHECKS = "data-checks";

  public static final String DATA_CHECK = DataCheckStage.STAGE;

  /**
   * Change id of shadow releases and log replay; only runs whose release has a shadow or a replay
   * ever ask for it.
   */
  static final String SHADOW_RELEASES = "shadow-releases";

  public static final String SHADOW = ShadowStage.SHADOW;
  public static final String REPLAY = ShadowStage.REPLAY;

  private final RegistryActivities registry = PipelineActivities.registry();
  private final Rollout rollout = new Rollout(PipelineActivities.deployments());
  private final PipelineStages stages =
      new PipelineStages(List.of(INGEST, VALIDATE, TRAIN, EVALUATE, REGISTER));

  private PipelineRequest request;

  /** The spec training uses: the request's, or with a sweep, the best trial's parameters. */
  private ModelSpec spec;

  private SweepSummary sweep;
  private Integer version;
  private final ApprovalGate approvals = new ApprovalGate(registry);
  private final ShadowStage shadows = new ShadowStage(PipelineActivities.shadows(), stages);

  /** 1 when this run has the shadow and replay stages its release asks for. */
  private int shadowLogic = Workflow.DEFAULT_VERSION;

  /** A data check's hold: decided through the same Update as the release approval. */
  private final ApprovalGate hold = new ApprovalGate(registry, DATA_CHECK);

  /**
   * Reads the request before any handler runs (an Update can reach the run in its first workflow
   * task).
   */
  @WorkflowInit
  public TrainingPipelineImpl(PipelineRequest request) {
    this.request = request;
    this.spec = request.spec();
  }

  @Override
  public PipelineResult run(PipelineRequest request) {
    DatasetActivities datasets = PipelineActivities.datasets(request.computeQueueOrDefault());
    TrainingActivities training = PipelineActivities.training(request.computeQueueOrDefault());
    if (request.release() != null && request.release().releases()) {
      stages.add(APPROVE);
      stages.add(DEPLOY);
      ReleasePolicy release = request.release();
      if ((release.shadow() != null || release.replay() != null)
          && Workflow.getVersion(SHADOW_RELEASES, Workflow.DEFAULT_VERSION, 1) == 1) {
        shadowLogic = 1;
        if (release.replay() != null) {
          stages.addAfter(REGISTER, REPLAY);
        }
        if (release.shadow() != null) {
          stages.addAfter(APPROVE, SHADOW);
        }
      }
    }
    if (spec.sweep() != null) {
      stages.addAfter(VALIDATE, SWEEP);
    }
    if (request.dataCheck() != null) {
      stages.addAfter(VALIDATE, DATA_CHECK);
    }
    TrainResult trained;
    EvaluateResult evaluated;
    try {
      stages.run(
          INGEST,
          () -> datasets.ingest(new IngestRequest(request.dataset(), request.cache())),
          IngestResult::stats);
      stages.run(
          VALIDATE,
          () -> datasets.validate(new ValidateRequest(request.dataset(), spec, request.cache())),
          ValidationResult::stats);
      if (request.dataCheck() != null
          && Workflow.getVersion(DATA_CHECKS, Workflow.DEFAULT_VERSION, 1) == 1) {
        DataCheckStage.Outcome checked = new DataCheckStage(stages, hold).run(request, spec);
        if (checked.stops()) {
          stages.skipRemaining();
          return finish(checked.status(), Map.of(), null, List.of(), checked.error(), null);
        }
      }
      if (spec.sweep() != null && Workflow.getVersion(SWEEPS, Workflow.DEFAULT_VERSION, 1) == 1) {
        Sweep.Result swept = new Sweep(request, training, stages).run();
        spec = swept.spec();
        sweep = swept.summary();
      }
      ModelSpec tuned = spec;
      trained =
          stages.run(
              TRAIN,
              () ->
                  training.train(
                      new TrainRequest(request.runId(), request.dataset(), tuned, request.cache())),
              TrainResult::stats);
      String champion = request.champion() == null ? null : request.champion().artifactHash();
      evaluated =
          stages.run(
              EVALUATE,
              () ->
                  training.evaluate(
                      new EvaluateRequest(
                          request.dataset(), tuned, trained.artifactHash(), champion)),
              EvaluateResult::stats);
    } catch (StageFailure failure) {
      stages.skipRemaining();
      return finish(RunOutcome.FAILED, Map.of(), null, List.of(), failure.getMessage(), null);
    }

    List<GateResult> gates =
        Gates.check(
            spec, evaluated.metrics(), evaluated.championMetrics(), evaluated.championError());
    boolean passed = Gates.allPassed(gates);
    String gateError = passed ? null : failedGates(gates);
    int logic = Workflow.getVersion(RELEASES, Workflow.DEFAULT_VERSION, 1);
    if (logic == Workflow.DEFAULT_VERSION || request.release() == null) {
      stages.start(REGISTER);
      Registration registration = registration(trained, passed, null);
      return finish(
          passed ? RunOutcome.SUCCEEDED : RunOutcome.REJECTED,
          evaluated.metrics(),
          evaluated.championMetrics(),
          gates,
          gateError,
          registration);
    }
    return release(trained, evaluated, gates, passed, gateError);
  }

  /** Register without promoting, then approve (by policy or a person), then deploy. */
  private PipelineResult release(
      TrainResult trained,
      EvaluateResult evaluated,
      List<GateResult> gates,
      boolean passed,
      String gateError) {
    Map<String, Double> metrics = evaluated.metrics();
    Map<String, Double> championMetrics = evaluated.championMetrics();
    stages.start(REGISTER);
    RegisteredVersion registered =
        registry.registerVersion(
            new RunOutcome(
                request.runId(),
                request.model(),
                RunOutcome.SUCCEEDED,
                stages.records(),
                metrics,
                championMetrics,
                gates,
                gateError,
                registration(trained, passed, false)));
    version = registered.version();
    stages.end(REGISTER, true);
    if (!passed) {
      stages.skipRemaining();
      return finish(RunOutcome.REJECTED, metrics, championMetrics, gates, gateError, null);
    }
    if (!request.release().releases()) {
      return finish(RunOutcome.SUCCEEDED, metrics, championMetrics, gates, null, null);
    }

    if (shadowLogic == 1 && request.release().replay() != null) {
      String problem;
      try {
        problem =
            shadows.replay(request.model(), trained.artifactHash(), request.release().replay());
      } catch (ActivityFailure failure) {
        stages.end(REPLAY, false);
        stages.skipRemaining();
        return finish(
            RunOutcome.FAILED,
            metrics,
            championMetrics,
            gates,
            "replay: " + PipelineStages.messageOf(failure),
            null);
      }
      if (problem != null) {
        stages.skipRemaining();
        return finish(RunOutcome.REJECTED, metrics, championMetrics, gates, problem, null);
      }
    }

    ApprovalDecision approval = approve();
    stages.end(APPROVE, approval.approved());
    if (!approval.approved()) {
      stages.skipRemaining();
      return finish(
          RunOutcome.REJECTED,
          metrics,
          championMetrics,
          gates,
          "rejected by "
              + approval.actor()
              + (approval.comment() == null ? "" : ": " + approval.comment()),
          null);
    }

    if (shadowLogic == 1 && request.release().shadow() != null) {
      String problem = shadow();
      if (problem != null) {
        stages.skipRemaining();
        return finish(
            problem.startsWith("shadow: ") ? RunOutcome.FAILED : RunOutcome.REJECTED,
            metrics,
            championMetrics,
            gates,
            problem,
            null);
      }
    }

    stages.start(DEPLOY);
    String problem;
    try {
      problem =
          rollout.deploy(
              request.model(),
              version,
              request.champion() != null,
              request.release().canary(),
              approvals.decision().actor(),
              "run " + request.runId());
    } catch (ActivityFailure failure) {
      stages.end(DEPLOY, false);
      return finish(
          RunOutcome.FAILED,
          metrics,
          championMetrics,
          gates,
          "deploy: " + PipelineStages.messageOf(failure),
          null);
    }
    stages.end(DEPLOY, problem == null);
    return finish(
        problem == null ? RunOutcome.SUCCEEDED : RunOutcome.ROLLED_BACK,
        metrics,
        championMetrics,
        gates,
        problem,
        null);
  }

  /**
   * The shadow stage: skipped without a champion to compare with; returns why the candidate may not
   * go on ({@code shadow: ...} when a step failed), or null.
   */
  private String shadow() {
    stages.start(SHADOW);
    if (request.champion() == null) {
      stages.mark(SHADOW, StageRecord.SKIPPED, "no champion to shadow: the model serves nothing");
      return null;
    }
    try {
      return shadows.shadow(
          request.model(),
          version,
          request.release().shadow(),
          approvals.decision().actor(),
          "run " + request.runId());
    } catch (ActivityFailure failure) {
      stages.end(SHADOW, false);
      return "shadow: " + PipelineStages.messageOf(failure);
    }
  }

  private ApprovalDecision approve() {
    stages.start(APPROVE);
    return approvals.await(
        new ApprovalWait(request.runId(), request.model(), version, stages.records()),
        request.release(),
        "gates passed");
  }

  private Registration registration(TrainResult trained, boolean passed, Boolean promote) {
    return new Registration(
        trained.artifactHash(),
        trained.signature(),
        request.dataset(),
        spec.trainer(),
        spec.seed(),
        passed,
        request.keelVersion(),
        request.gitCommit(),
        promote,
        sweep);
  }

  private PipelineResult finish(
      String status,
      Map<String, Double> metrics,
      Map<String, Double> championMetrics,
      List<GateResult> gates,
      String error,
      Registration registration) {
    RunOutcome outcome =
        new RunOutcome(
            request.runId(),
            request.model(),
            status,
            stages.records(),
            metrics,
            championMetrics,
            gates,
            error,
            registration);
    RegisteredVersion recorded = registry.recordOutcome(outcome);
    return new PipelineResult(
        outcome,
        registration == null && version != null
            ? new RegisteredVersion(version, null, RunOutcome.SUCCEEDED.equals(status))
            : recorded);
  }

  @Override
  public RunProgress progress() {
    return stages.progress();
  }

  @Override
  public ApprovalDecision decide(ApprovalRequest approval) {
    if (hold.awaiting()) {
      return hold.decide(request.runId(), request.model(), null, approval);
    }
    return approvals.decide(request.runId(), request.model(), version, approval);
  }

  @Override
  public void validateDecision(ApprovalRequest approval) {
    if (hold.awaiting()) {
      hold.validate(request.runId(), approval, stages.current());
      return;
    }
    approvals.validate(request.runId(), approval, stages.current());
  }

  private static String failedGates(List<GateResult> gates) {
    return "gates failed: "
        + String.join(
            "; ", gates.stream().filter(g -> !g.passed()).map(GateResult::reason).toList());
  }
}
