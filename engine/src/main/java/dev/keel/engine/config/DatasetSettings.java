package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/** Limits on dataset uploads and downloads. */
public class DatasetSettings {

  /** Largest CSV accepted in a request body or fetched from a URL or file; larger gets 413. */
  @Min(1)
  @JsonProperty
  private long maxBytes = 256L * 1024 * 1024;

  /** Timeout for fetching an {@code http(s)} source. */
  @Min(1)
  @JsonProperty
  private int fetchTimeoutSeconds = 60;

  public long getMaxBytes() {
    return maxBytes;
  }

  public void setMaxBytes(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  public int getFetchTimeoutSeconds() {
    return fetchTimeoutSeconds;
  }
}
