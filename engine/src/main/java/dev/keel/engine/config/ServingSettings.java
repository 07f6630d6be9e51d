package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Model serving: how fast engines converge on deployments, request limits and the prediction log.
 */
public class ServingSettings {

  /** How often each engine polls PostgreSQL for deployment changes made by other engines. */
  @Min(10)
  @JsonProperty
  private long pollMillis = 1000;

  /** Most instances in one predict request; more gets 413. */
  @Min(1)
  @JsonProperty
  private int maxBatch = 1000;

  /** Logged predictions and their feedback older than this are deleted. */
  @Min(1)
  @JsonProperty
  private int retentionDays = 30;

  /** How often the retention task runs. */
  @Min(1)
  @JsonProperty
  private int retentionCheckMinutes = 60;

  /** Most predictions written by one INSERT of the prediction log. */
  @Min(1)
  @Max(50_000)
  @JsonProperty
  private int logBatchSize = 500;

  /**
   * Predictions waiting to be logged; when full, further predictions are served but not logged (and
   * counted).
   */
  @Min(1)
  @JsonProperty
  private int logQueueCapacity = 100_000;

  /** Longest a logged prediction waits in the queue before it is written. */
  @Min(1)
  @JsonProperty
  private long logFlushMillis = 200;

  /** Live quality is computed over this many most recent feedback rows of a model version. */
  @Min(1)
  @JsonProperty
  private int liveWindow = 1000;

  /**
   * How often an engine adds its request counts to the shared serving health that canary checks
   * read.
   */
  @Min(10)
  @JsonProperty
  private long healthFlushMillis = 1000;

  public long getHealthFlushMillis() {
    return healthFlushMillis;
  }

  public long getPollMillis() {
    return pollMillis;
  }

  public int getMaxBatch() {
    return maxBatch;
  }

  public int getRetentionDays() {
    return retentionDays;
  }

  public int getRetentionCheckMinutes() {
    return retentionCheckMinutes;
  }

  public int getLogBatchSize() {
    return logBatchSize;
  }

  public int getLogQueueCapacity() {
    return logQueueCapacity;
  }

  public long getLogFlushMillis() {
    return logFlushMillis;
  }

  public int getLiveWindow() {
    return liveWindow;
  }
}
