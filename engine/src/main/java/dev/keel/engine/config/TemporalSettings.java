package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotBlank;

/** Where the Temporal frontend is and which namespace Keel's workflows live in. */
public class TemporalSettings {
  @NotBlank @JsonProperty private String target = "127.0.0.1:7233";

  @NotBlank @JsonProperty private String namespace = "default";

  @jakarta.validation.Valid @jakarta.validation.constraints.NotNull @JsonProperty
  private EncryptionSettings encryption = new EncryptionSettings();

  @jakarta.validation.Valid @jakarta.validation.constraints.NotNull @JsonProperty
  private TemporalTlsSettings tls = new TemporalTlsSettings();

  /**
   * How long a process that starts before its Temporal frontend answers waits for it (a cluster or
   * a compose file whose services start together) before it exits with an error naming the target.
   */
  @jakarta.validation.constraints.NotNull @JsonProperty
  private Duration startupWait = Duration.minutes(5);

  public Duration getStartupWait() {
    return startupWait;
  }

  public void setStartupWait(Duration startupWait) {
    this.startupWait = startupWait;
  }

  public TemporalTlsSettings getTls() {
    return tls;
  }

  public EncryptionSettings getEncryption() {
    return encryption;
  }

  public void setEncryption(EncryptionSettings encryption) {
    this.encryption = encryption;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }
}
