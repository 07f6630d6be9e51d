package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;

/** Where the Temporal frontend is and which namespace Keel's workflows live in. */
public class TemporalSettings {
  @NotBlank
  @JsonProperty
  private String target = "127.0.0.1:7233";

  @NotBlank
  @JsonProperty
  private String namespace = "default";

  @jakarta.validation.Valid
  @jakarta.validation.constraints.NotNull
  @JsonProperty
  private EncryptionSettings encryption = new EncryptionSettings();

  @jakarta.validation.Valid
  @jakarta.validation.constraints.NotNull
  @JsonProperty
  private TemporalTlsSettings tls = new TemporalTlsSettings();

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
