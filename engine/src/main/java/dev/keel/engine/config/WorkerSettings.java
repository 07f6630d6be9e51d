package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keel.workflows.contract.TaskQueues;
import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.List;

/**
 * What a worker process polls. {@code ./keel worker} runs the pipeline workflows and the compute
 * activities; {@code ./keel server} runs the control activities (store writes); {@code ./keel dev}
 * runs all three in one process.
 */
public class WorkerSettings {

  /** Task queue for pipeline workflow tasks. */
  @JsonProperty private String pipelineQueue = TaskQueues.PIPELINES;

  /** Compute task queues this worker polls (a GPU pool polls its own, e.g. {@code keel-gpu}). */
  @JsonProperty
  @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
  private List<String> computeQueues = new ArrayList<>(List.of(TaskQueues.COMPUTE));

  /** Whether this process runs pipeline workflows. */
  @JsonProperty private boolean runPipelines = true;

  /**
   * Fully qualified classes of user-defined pipeline workflow implementations to register beside
   * Keel's.
   */
  @JsonProperty
  @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
  private List<String> extraWorkflows = new ArrayList<>();

  @Min(1)
  @JsonProperty
  private int maxConcurrentActivities = 4;

  /**
   * Port of a worker process's Prometheus endpoint ({@code GET /metrics}: JVM and Temporal SDK
   * series); 0 turns it off. The engine serves its own on the admin port.
   */
  @Min(0)
  @JsonProperty
  private int metricsPort = 0;

  /**
   * How long a training, trial or evaluation may go without a heartbeat before it is retried
   * elsewhere.
   */
  @jakarta.validation.Valid @JsonProperty
  private HeartbeatSettings heartbeatTimeout = new HeartbeatSettings();

  /** Address the worker's metrics endpoint binds to. */
  @JsonProperty private String metricsHost = "127.0.0.1";

  public String getPipelineQueue() {
    return pipelineQueue;
  }

  public List<String> getComputeQueues() {
    return computeQueues;
  }

  public void setComputeQueues(List<String> computeQueues) {
    this.computeQueues = computeQueues;
  }

  public boolean isRunPipelines() {
    return runPipelines;
  }

  public List<String> getExtraWorkflows() {
    return extraWorkflows;
  }

  public void setExtraWorkflows(List<String> extraWorkflows) {
    this.extraWorkflows = extraWorkflows;
  }

  public int getMaxConcurrentActivities() {
    return maxConcurrentActivities;
  }

  public int getMetricsPort() {
    return metricsPort;
  }

  public HeartbeatSettings getHeartbeatTimeout() {
    return heartbeatTimeout;
  }

  public void setHeartbeatTimeout(HeartbeatSettings heartbeatTimeout) {
    this.heartbeatTimeout = heartbeatTimeout;
  }

  public String getMetricsHost() {
    return metricsHost;
  }
}
