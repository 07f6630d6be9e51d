package dev.keel.engine.mlflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * MLflow's request bodies, with MLflow's field names. Unknown fields are ignored, as MLflow's
 * server ignores them, so newer clients keep working. Clients that print protobuf send 64-bit
 * numbers as JSON strings; Jackson reads both.
 */
public final class MlflowRequests {

  private MlflowRequests() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CreateExperiment(
      String name,
      @JsonProperty("artifact_location") String artifactLocation,
      List<MlflowViews.KeyValue> tags) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ExperimentId(@JsonProperty("experiment_id") String experimentId) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record UpdateExperiment(
      @JsonProperty("experiment_id") String experimentId,
      @JsonProperty("new_name") String newName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SetExperimentTag(
      @JsonProperty("experiment_id") String experimentId, String key, String value) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SearchExperiments(
      @JsonProperty("max_results") Long maxResults,
      @JsonProperty("page_token") String pageToken,
      String filter,
      @JsonProperty("view_type") String viewType) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CreateRun(
      @JsonProperty("experiment_id") String experimentId,
      @JsonProperty("user_id") String userId,
      @JsonProperty("start_time") Long startTime,
      @JsonProperty("run_name") String runName,
      List<MlflowViews.KeyValue> tags) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record UpdateRun(
      @JsonProperty("run_id") String runId,
      @JsonProperty("run_uuid") String runUuid,
      String status,
      @JsonProperty("end_time") Long endTime,
      @JsonProperty("run_name") String runName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RunId(@JsonProperty("run_id") String runId) {}

  /**
   * A metric point as logged; value, timestamp and step may be left out (protobuf omits zeroes).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MetricInput(String key, Double value, Long timestamp, Long step) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LogMetric(
      @JsonProperty("run_id") String runId,
      @JsonProperty("run_uuid") String runUuid,
      String key,
      Double value,
      Long timestamp,
      Long step) {}

  /** log-parameter and set-tag. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RunKeyValue(
      @JsonProperty("run_id") String runId,
      @JsonProperty("run_uuid") String runUuid,
      String key,
      String value) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LogBatch(
      @JsonProperty("run_id") String runId,
      List<MetricInput> metrics,
      List<MlflowViews.KeyValue> params,
      List<MlflowViews.KeyValue> tags) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SearchRuns(
      @JsonProperty("experiment_ids") List<String> experimentIds,
      String filter,
      @JsonProperty("run_view_type") String runViewType,
      @JsonProperty("max_results") Long maxResults,
      @JsonProperty("order_by") List<String> orderBy,
      @JsonProperty("page_token") String pageToken) {}
}
