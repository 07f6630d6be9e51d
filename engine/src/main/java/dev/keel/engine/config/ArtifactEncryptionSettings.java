package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Encryption of datasets and models in the artifact store (envelope encryption, AES-256-GCM), on
 * when keys are configured: from {@code keysFile}, else from the environment variable named by
 * {@code keysEnv} (lines or comma-separated {@code <id>:<base64 of 32 bytes>}; the last key
 * encrypts, all decrypt). Developer mode creates a key file next to the artifact store. Engine and
 * workers need the same keys.
 */
public class ArtifactEncryptionSettings {

  @JsonProperty private String keysFile;

  @JsonProperty private String keysEnv = "KEEL_ARTIFACT_KEYS";

  public String getKeysFile() {
    return keysFile;
  }

  public void setKeysFile(String keysFile) {
    this.keysFile = keysFile;
  }

  public String getKeysEnv() {
    return keysEnv;
  }
}
