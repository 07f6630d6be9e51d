package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * Encryption of Temporal payloads (workflow and activity inputs and results, failure messages) with
 * AES-256-GCM, on every client and worker. Keys come from {@code keysFile} or, when it is not set,
 * from the environment variable named by {@code keysEnv}; never from the repository. Developer mode
 * creates a key file when none is configured. Without keys and with {@code required} true (the
 * default), Keel refuses to start.
 */
public class EncryptionSettings {

  @JsonProperty private String keysFile;

  @JsonProperty private String keysEnv = "KEEL_PAYLOAD_KEYS";

  @JsonProperty private boolean required = true;

  /**
   * Browser origins (the Temporal Web UI) allowed to call the codec endpoint, e.g. {@code
   * http://localhost:8233}.
   */
  @JsonProperty private List<String> uiOrigins = new ArrayList<>();

  public String getKeysFile() {
    return keysFile;
  }

  public void setKeysFile(String keysFile) {
    this.keysFile = keysFile;
  }

  public String getKeysEnv() {
    return keysEnv;
  }

  public void setKeysEnv(String keysEnv) {
    this.keysEnv = keysEnv;
  }

  public boolean isRequired() {
    return required;
  }

  public void setRequired(boolean required) {
    this.required = required;
  }

  public List<String> getUiOrigins() {
    return uiOrigins;
  }

  public void setUiOrigins(List<String> uiOrigins) {
    this.uiOrigins = uiOrigins;
  }
}
