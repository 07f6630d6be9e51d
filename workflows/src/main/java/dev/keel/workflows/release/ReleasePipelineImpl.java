package dev.keel.workflows.release;

import dev.keel.workflows.training.ApprovalDecision;
import dev.keel.workflows.training.ApprovalRequest;
import dev.keel.workflows.training.ApprovalWait;
import dev.keel.workflows.training.AwaitingApproval;
import dev.keel.workflows.training.PipelineActivities;
import dev.keel.workflows.training.PipelineResult;
import dev.keel.workflows.training.PipelineStages;
import dev.keel.workflows.training.PipelineStages.StageFailure;
import dev.keel.workflows.training.RegisteredVersion;
import dev.keel.workflows.training.RegistryActivities;
import dev.keel.workflows.training.ReleasePolicy;
import dev.keel.workflows.training.Rollout;
import dev.keel.workflows.training.RunOutcome;
import dev.keel.workflows.training.RunProgress;
import dev.keel.workflows.training.TrainingPipelineImpl;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * See {@link ReleasePipeline}. Approval and deployment follow the training pipeline's rules: {@code auto} approves
 * at once (recorded as {@code policy:auto}), {@code manual} waits for a person's decision through the Update until
 * the policy's timeout (no decision rejects, as {@code policy:timeout}); a canary is a saga undone when unhealthy,
 * and a model without a champion is deployed directly.
 */
public class ReleasePipelineImpl implements ReleasePipeline {

  public static final String IMPORT = "import";
  public static final String APPROVE = TrainingPipelineImpl.APPROVE;
  public static final String DEPLOY = TrainingPipelineImpl.DEPLOY;
  /** The stages of a release run, in order. */
  public static final List<String> STAGES = List.of(IMPORT, APPROVE, DEPLOY);

  private final RegistryActivities registry = PipelineActivities.registry();
  private final Rollout rollout = new Rollout(PipelineActivities.deployments());
  private final ImportActivities imports = PipelineActivities.control(ImportActivities.class,
      Duration.ofMinutes(10));
  private final PipelineStages stages = new PipelineStages(STAGES);

  private ReleaseRequest request;
  private boolean awaitingApproval;
  private ApprovalDecision decision;
  private boolean decisionRecorded;

  @Override
  public PipelineResult run(ReleaseRequest request) {
    this.request = request;
    try {
      stages.run(IMPORT, () -> imports.importVersion(new ImportRequest(request.runId(), request.model(),
          request.version(), request.features(), request.labels())), ImportResult::stats);
    } catch (StageFailure failure) {
      stages.skipRemaining();
      return finish(RunOutcome.FAILED, failure.getMessage());
    }

    ApprovalDecision approval = approve();
    stages.end(APPROVE, approval.approved());
    if (!approval.approved()) {
      stages.skipRemaining();
      return finish(RunOutcome.REJECTED,
          "rejected by " + approval.actor() + (approval.comment() == null ? "" : ": " + approval.comment()));
    }

    stages.start(DEPLOY);
    String problem;
    try {
      problem = rollout.deploy(request.model(), request.version(), request.champion() != null, request.release().canary(),
          decision.actor(), "release " + request.runId());
    } catch (ActivityFailure failure) {
      stages.end(DEPLOY, false);
      return finish(RunOutcome.FAILED, "deploy: " + PipelineStages.messageOf(failure));
    }
    stages.end(DEPLOY, problem == null);
    return finish(problem == null ? RunOutcome.SUCCEEDED : RunOutcome.ROLLED_BACK, problem);
  }

  private ApprovalDecision approve() {
    stages.start(APPROVE);
    ReleasePolicy release = request.release();
    if (!release.manual()) {
      decision = new ApprovalDecision(request.runId(), request.model(), request.version(), ApprovalRequest.APPROVE,
          "policy:auto", request.comment() == null ? "release of version " + request.version() : request.comment(),
          Workflow.currentTimeMillis());
      registry.recordApproval(decision);
      return decision;
    }
    awaitingApproval = true;
    AwaitingApproval.announce(registry, new ApprovalWait(request.runId(), request.model(), request.version(),
        stages.records()));
    boolean recorded = Workflow.await(Duration.ofSeconds(release.approvalTimeoutSeconds()), () -> decisionRecorded);
    awaitingApproval = false;
    if (!recorded && decision == null) {
      decision = new ApprovalDecision(request.runId(), request.model(), request.version(), ApprovalRequest.REJECT,
          "policy:timeout", "no decision within " + release.approvalTimeoutSeconds() + " s",
          Workflow.currentTimeMillis());
      registry.recordApproval(decision);
      return decision;
    }
    Workflow.await(() -> decisionRecorded);
    return decision;
  }

  private PipelineResult finish(String status, String error) {
    RunOutcome outcome = new RunOutcome(request.runId(), request.model(), status, stages.records(), Map.of(), null,
        List.of(), error, null);
    registry.recordOutcome(outcome);
    return new PipelineResult(outcome, new RegisteredVersion(request.version(), null,
        RunOutcome.SUCCEEDED.equals(status)));
  }

  @Override
  public RunProgress progress() {
    return stages.progress();
  }

  @Override
  public ApprovalDecision decide(ApprovalRequest approval) {
    decision = new ApprovalDecision(request.runId(), request.model(), request.version(), approval.decision(),
        approval.actor(), approval.comment(), Workflow.currentTimeMillis());
    registry.recordApproval(decision);
    decisionRecorded = true;
    return decision;
  }

  @Override
  public void validateDecision(ApprovalRequest approval) {
    if (approval == null || !(ApprovalRequest.APPROVE.equals(approval.decision())
        || ApprovalRequest.REJECT.equals(approval.decision()))) {
      throw new IllegalArgumentException("unknown decision '" + (approval == null ? null : approval.decision())
          + "'; expected 'approve' or 'reject'");
    }
    if (decision != null) {
      throw new IllegalStateException("run " + request.runId() + " was already decided: " + decision.decision()
          + " by " + decision.actor());
    }
    if (!awaitingApproval) {
      throw new IllegalStateException("run " + (request == null ? "" : request.runId())
          + " is not awaiting approval (stage: " + stages.current() + ")");
    }
  }
}
