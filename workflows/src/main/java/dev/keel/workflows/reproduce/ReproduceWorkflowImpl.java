package dev.keel.workflows.reproduce;

import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.TrainRequest;
import dev.keel.workflows.contract.TrainResult;
import dev.keel.workflows.contract.TrainingActivities;
import dev.keel.workflows.training.PipelineStages;
import io.temporal.failure.ActivityFailure;
import java.time.Duration;

/** Train with the recorded inputs, compare hashes, record the answer. */
public class ReproduceWorkflowImpl implements ReproduceWorkflow {

  private final ReproductionActivities store =
      PipelineActivities.control(ReproductionActivities.class, Duration.ofSeconds(30));

  @Override
  public ReproduceResult reproduce(ReproduceRequest request) {
    TrainingActivities training = PipelineActivities.training(request.computeQueueOrDefault());
    ReproduceResult result;
    try {
      TrainResult trained =
          training.train(new TrainRequest(request.id(), request.dataset(), request.spec()));
      result =
          new ReproduceResult(
              request.id(),
              trained.artifactHash(),
              trained.artifactHash().equals(request.recordedHash()),
              null);
    } catch (ActivityFailure failure) {
      result =
          new ReproduceResult(
              request.id(), null, false, "train: " + PipelineStages.messageOf(failure));
    }
    store.record(result);
    return result;
  }
}
