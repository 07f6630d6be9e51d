package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * One sweep trial as the tracking store records it: a nested run of the pipeline run's tracking
 * run.
 *
 * @param trial the trial's number, from 1
 * @param params the parameters it trained with (the trainer's, with the swept ones replaced)
 * @param status {@code FINISHED} or {@code FAILED}
 * @param metrics its validation metrics, empty when it failed
 * @param error why it failed, or null
 * @param startedAt epoch milliseconds (workflow time)
 * @param endedAt epoch milliseconds (workflow time)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrialRecord(
    String runId,
    String model,
    int trial,
    String algorithm,
    Map<String, String> params,
    String status,
    Map<String, Double> metrics,
    String error,
    long startedAt,
    long endedAt) {

  public static final String FINISHED = "FINISHED";
  public static final String FAILED = "FAILED";
}
