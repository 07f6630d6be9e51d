package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/** Limits of the MLflow-compatible API. */
public class MlflowSettings {

  /**
   * Largest artifact accepted by {@code PUT /api/2.0/mlflow-artifacts/artifacts/{path}}; larger
   * gets 413 and nothing is stored. Default 1 GiB.
   */
  @Min(1)
  @JsonProperty
  private long maxArtifactBytes = 1024L * 1024 * 1024;

  /**
   * Days after a tracking run ends until the retention workflow removes its artifacts; 0 (the
   * default) keeps them.
   */
  @Min(0)
  @JsonProperty
  private int runArtifactRetentionDays = 0;

  public int getRunArtifactRetentionDays() {
    return runArtifactRetentionDays;
  }

  public long getMaxArtifactBytes() {
    return maxArtifactBytes;
  }

  public void setMaxArtifactBytes(long maxArtifactBytes) {
    this.maxArtifactBytes = maxArtifactBytes;
  }
}
