package dev.keel.workflows.training;

import dev.keel.workflows.contract.DeploymentRequest;
import dev.keel.workflows.contract.ReplayPolicy;
import dev.keel.workflows.contract.ReplayReport;
import dev.keel.workflows.contract.ShadowActivities;
import dev.keel.workflows.contract.ShadowPolicy;
import dev.keel.workflows.contract.ShadowReport;
import dev.keel.workflows.contract.StageRecord;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code replay} and {@code shadow} stages of a release. The shadow phase is a saga: its
 * compensation (removing the shadow) is registered before the shadow starts and runs in a detached
 * scope, so that a failed check, a failed step and a cancelled run all remove the shadow.
 */
final class ShadowStage {

  static final String SHADOW = "shadow";
  static final String REPLAY = "replay";

  private final ShadowActivities shadows;
  private final PipelineStages stages;

  ShadowStage(ShadowActivities shadows, PipelineStages stages) {
    this.shadows = shadows;
    this.stages = stages;
  }

  /**
   * Scores the candidate {@code artifact} on the champion's latest logged inputs; returns why it is
   * rejected, or null when it agrees well enough or nothing is logged (the stage is then skipped).
   */
  String replay(String model, String artifact, ReplayPolicy policy) {
    stages.start(REPLAY);
    ReplayReport report = shadows.replay(model, artifact, policy.lastN());
    if (report == null || report.replayed() == 0) {
      stages.mark(
          REPLAY, StageRecord.SKIPPED, "no logged predictions of the champion to replay yet");
      return null;
    }
    if (report.agreement() < policy.minAgreement()) {
      String problem =
          String.format(
              Locale.ROOT,
              "log replay: agreement %.3f with the champion's logged outputs is below %.3f"
                  + " (%d of %d logged predictions)",
              report.agreement(),
              policy.minAgreement(),
              report.agreed(),
              report.replayed());
      stages.mark(REPLAY, StageRecord.FAILED, report.detail());
      return problem;
    }
    stages.mark(REPLAY, StageRecord.SUCCEEDED, report.detail());
    return null;
  }

  /**
   * Runs {@code version} in the shadow of the champion and judges it; returns why it failed, or
   * null when it passed (the shadow is removed either way).
   */
  String shadow(String model, int version, ShadowPolicy policy, String actor, String subject) {
    stages.start(SHADOW);
    DeploymentRequest start =
        new DeploymentRequest(model, version, policy.share(), actor, "shadow of " + subject);
    DeploymentRequest stop =
        new DeploymentRequest(model, version, 0, actor, "shadow of " + subject + " ended");
    Saga saga = new Saga(new Saga.Options.Builder().setParallelCompensation(false).build());
    saga.addCompensation(shadows::stopShadow, stop);
    try {
      shadows.startShadow(start);
      ShadowReport report = null;
      long waited = 0;
      for (int window = 1; window <= ShadowPolicy.MAX_WINDOWS; window++) {
        Workflow.sleep(Duration.ofSeconds(policy.windowSeconds()));
        waited += policy.windowSeconds();
        report = shadows.shadowReport(model, version);
        stages.detail(SHADOW, report.detail());
        if (report.enough(policy)) {
          break;
        }
      }
      String problem = report.problem(policy, waited);
      compensate(saga);
      stages.mark(
          SHADOW, problem == null ? StageRecord.SUCCEEDED : StageRecord.FAILED, report.detail());
      return problem == null ? null : "shadow failed: " + problem;
    } catch (ActivityFailure | CanceledFailure failure) {
      compensate(saga);
      throw failure;
    }
  }

  private static void compensate(Saga saga) {
    Workflow.newDetachedCancellationScope(saga::compensate).run();
  }
}
