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

  /**
   * Directories {@code file://} sources must be under; none (the default) turns file sources off.
   */
  @JsonProperty private java.util.List<String> fileRoots = new java.util.ArrayList<>();

  /**
   * URL prefixes {@code http(s)} sources must start with; none (the default) allows any public
   * host.
   */
  @JsonProperty private java.util.List<String> urlAllowList = new java.util.ArrayList<>();

  /**
   * Whether dataset URLs may reach loopback, private and link-local addresses (off: no internal
   * requests).
   */
  @JsonProperty private boolean allowPrivateAddresses = false;

  public java.util.List<String> getFileRoots() {
    return fileRoots;
  }

  public void setFileRoots(java.util.List<String> fileRoots) {
    this.fileRoots = fileRoots;
  }

  public java.util.List<String> getUrlAllowList() {
    return urlAllowList;
  }

  public boolean isAllowPrivateAddresses() {
    return allowPrivateAddresses;
  }

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
