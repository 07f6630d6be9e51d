package dev.keel.engine.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * MLflow's response objects, with MLflow's field names (ids as strings, times in epoch
 * milliseconds).
 */
public final class MlflowViews {

  private MlflowViews() {}

  public record KeyValue(String key, String value) {}

  public record Metric(String key, double value, long timestamp, long step) {}

  public record Experiment(
      @JsonProperty("experiment_id") String experimentId,
      String name,
      @JsonProperty("artifact_location") String artifactLocation,
      @JsonProperty("lifecycle_stage") String lifecycleStage,
      @JsonProperty("last_update_time") long lastUpdateTime,
      @JsonProperty("creation_time") long creationTime,
      List<KeyValue> tags) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RunInfo(
      @JsonProperty("run_id") String runId,
      @JsonProperty("run_uuid") String runUuid,
      @JsonProperty("run_name") String runName,
      @JsonProperty("experiment_id") String experimentId,
      @JsonProperty("user_id") String userId,
      String status,
      @JsonProperty("start_time") Long startTime,
      @JsonProperty("end_time") Long endTime,
      @JsonProperty("artifact_uri") String artifactUri,
      @JsonProperty("lifecycle_stage") String lifecycleStage) {}

  public record RunData(List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags) {}

  public record Run(RunInfo info, RunData data) {}

  /** One page of a search; {@code next_page_token} is absent on the last page. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RunsPage(List<Run> runs, @JsonProperty("next_page_token") String nextPageToken) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ExperimentsPage(
      List<Experiment> experiments, @JsonProperty("next_page_token") String nextPageToken) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MetricsPage(
      List<Metric> metrics, @JsonProperty("next_page_token") String nextPageToken) {}
}
