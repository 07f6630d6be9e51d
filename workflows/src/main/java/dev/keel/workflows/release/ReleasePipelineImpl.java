package dev.keel.workflows.release;

import dev.keel.workflows.contract.ApprovalDecision;
import dev.keel.workflows.contract.ApprovalRequest;
import dev.keel.workflows.contract.ApprovalWait;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.RegisteredVersion;
import dev.keel.workflows.contract.RegistryActivities;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.RunProgress;
import dev.keel.workflows.training.ApprovalGate;
import dev.keel.workflows.training.PipelineStages;
import dev.keel.workflows.training.PipelineStages.StageFailure;
import dev.keel.workflows.training.Rollout;
import dev.keel.workflows.training.TrainingPipelineImpl;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * See {@link ReleasePipeline}. Approval and deployment follow the training pipeline's rules: {@code
 * auto} approves at once (recorded as {@code policy:auto}), {@code manual} waits for a person's
 * decision through the Update until the policy's timeout (no decision rejects, as {@code
 * policy:timeout}); a canary is a saga undone when unhealthy, and a model without a champion is
 * deployed directly.
 */
public class ReleasePipelineImpl implements ReleasePipeline {

  public static final String IMPORT = "import";
  public static final String APPROVE = TrainingPipelineImpl.APPROVE;
  public static final String DEPLOY = TrainingPipelineImpl.DEPLOY;

  /** The stages of a release run, in order. */
  public static final List<String> STAGES = List.of(IMPORT, APPROVE, DEPLOY);

  private final RegistryActivities registry = PipelineActivities.registry();
  private final Rollout rollout = new Rollout(PipelineActivities.deployments());
  private final ImportActivities imports =
      PipelineActivities.control(ImportActivities.class, Duration.ofMinutes(10));
  private final PipelineStages stages = new PipelineStages(STAGES);

  private final ApprovalGate approvals = new ApprovalGate(registry);
  private final ReleaseRequest request;

  /**
   * Reads the request before any handler runs (an Update can reach the run in its first workflow
   * task).
   */
  @WorkflowInit
  public ReleasePipelineImpl(ReleaseRequest request) {
    this.request = request;
  }

  @Override
  public PipelineResult run(ReleaseRequest request) {
    try {
      stages.run(
          IMPORT,
          () ->
              imports.importVersion(
                  new ImportRequest(
                      request.runId(),
                      request.model(),
                      request.version(),
                      request.features(),
                      request.labels())),
          ImportResult::stats);
    } catch (StageFailure failure) {
      stages.skipRemaining();
      return finish(RunOutcome.FAILED, failure.getMessage());
    }

    ApprovalDecision approval = approve();
    stages.end(APPROVE, approval.approved());
    if (!approval.approved()) {
      stages.skipRemaining();
      return finish(
          RunOutcome.REJECTED,
          "rejected by "
              + approval.actor()
              + (approval.comment() == null ? "" : ": " + approval.comment()));
    }

    stages.start(DEPLOY);
    String problem;
    try {
      problem =
          rollout.deploy(
              request.model(),
              request.version(),
              request.champion() != null,
              request.release().canary(),
              approvals.decision().actor(),
              "release " + request.runId());
    } catch (ActivityFailure failure) {
      stages.end(DEPLOY, false);
      return finish(RunOutcome.FAILED, "deploy: " + PipelineStages.messageOf(failure));
    }
    stages.end(DEPLOY, problem == null);
    return finish(problem == null ? RunOutcome.SUCCEEDED : RunOutcome.ROLLED_BACK, problem);
  }

  private ApprovalDecision approve() {
    stages.start(APPROVE);
    return approvals.await(
        new ApprovalWait(request.runId(), request.model(), request.version(), stages.records()),
        request.release(),
        request.comment() == null ? "release of version " + request.version() : request.comment());
  }

  private PipelineResult finish(String status, String error) {
    RunOutcome outcome =
        new RunOutcome(
            request.runId(),
            request.model(),
            status,
            stages.records(),
            Map.of(),
            null,
            List.of(),
            error,
            null);
    registry.recordOutcome(outcome);
    return new PipelineResult(
        outcome,
        new RegisteredVersion(request.version(), null, RunOutcome.SUCCEEDED.equals(status)));
  }

  @Override
  public RunProgress progress() {
    return stages.progress();
  }

  @Override
  public ApprovalDecision decide(ApprovalRequest approval) {
    return approvals.decide(request.runId(), request.model(), request.version(), approval);
  }

  @Override
  public void validateDecision(ApprovalRequest approval) {
    approvals.validate(request.runId(), approval, stages.current());
  }
}
