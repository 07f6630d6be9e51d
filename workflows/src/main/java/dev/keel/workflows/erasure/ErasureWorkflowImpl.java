package dev.keel.workflows.erasure;

import dev.keel.workflows.contract.PipelineActivities;
import java.time.Duration;

/**
 * Clean → retrain → record; each step an activity that is safe to repeat, so a crash resumes where
 * it stopped.
 */
public class ErasureWorkflowImpl implements ErasureWorkflow {

  private final ErasureActivities activities =
      PipelineActivities.control(ErasureActivities.class, Duration.ofMinutes(30));

  @Override
  public ErasureReport erase(ErasureRequest request) {
    ErasureReport cleaned = activities.clean(request);
    ErasureReport done =
        new ErasureReport(
            cleaned.id(),
            cleaned.datasets(),
            cleaned.predictionsDeleted(),
            cleaned.affectedVersions(),
            activities.retrain(cleaned));
    activities.record(done);
    return done;
  }
}
