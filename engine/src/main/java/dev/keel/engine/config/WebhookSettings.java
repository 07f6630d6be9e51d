package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.List;

/**
 * Where webhook receivers may be and how hard Keel tries to reach them. The URL rules are the same
 * as for dataset URLs ({@code datasets.urlAllowList}, {@code datasets.allowPrivateAddresses}), set
 * apart so that allowing one does not allow the other.
 */
public class WebhookSettings {

  /** URL prefixes webhook URLs must start with; none (the default) allows any public host. */
  @JsonProperty private List<String> urlAllowList = new ArrayList<>();

  /**
   * Whether webhook URLs may reach loopback, private and link-local addresses (off: no internal
   * requests).
   */
  @JsonProperty private boolean allowPrivateAddresses = false;

  /** Attempts per delivery, the first included; then the delivery is {@code failed}. */
  @Min(1)
  @Max(100)
  @JsonProperty
  private int maxAttempts = 8;

  /** Wait before the second attempt; it doubles with every attempt after that. */
  @Min(1)
  @JsonProperty
  private long initialBackoffMillis = 2_000;

  /** The longest wait between two attempts. */
  @Min(1)
  @JsonProperty
  private long maxBackoffMillis = 10 * 60_000;

  /** Timeout of one attempt: connecting, sending and reading the receiver's answer. */
  @Min(1)
  @JsonProperty
  private int timeoutSeconds = 10;

  public List<String> getUrlAllowList() {
    return urlAllowList;
  }

  public boolean isAllowPrivateAddresses() {
    return allowPrivateAddresses;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public long getInitialBackoffMillis() {
    return initialBackoffMillis;
  }

  public long getMaxBackoffMillis() {
    return maxBackoffMillis;
  }

  public int getTimeoutSeconds() {
    return timeoutSeconds;
  }
}
