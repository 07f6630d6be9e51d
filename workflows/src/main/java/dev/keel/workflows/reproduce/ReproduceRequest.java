package dev.keel.workflows.reproduce;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.TaskQueues;

/**
 * Input of {@link ReproduceWorkflow}: everything a model version's lineage recorded about how it
 * was trained.
 *
 * @param id the reproduction's id, which is also the workflow id
 * @param model the registered model's name
 * @param version the model version being reproduced
 * @param dataset the exact dataset version the version was trained on
 * @param spec the training definition of the original run, with the trainer and seed the lineage
 *     recorded
 * @param recordedHash the artifact hash recorded for the version
 * @param computeQueue the task queue of the compute workers (null: {@link TaskQueues#COMPUTE})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReproduceRequest(
    String id,
    String model,
    int version,
    DatasetRef dataset,
    ModelSpec spec,
    String recordedHash,
    String computeQueue) {

  public String computeQueueOrDefault() {
    return computeQueue == null || computeQueue.isBlank() ? TaskQueues.COMPUTE : computeQueue;
  }
}
