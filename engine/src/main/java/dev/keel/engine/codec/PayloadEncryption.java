package dev.keel.engine.codec;

import dev.keel.engine.config.EncryptionSettings;
import dev.keel.ml.crypto.KeyRing;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the payload keys a process is configured with. */
public final class PayloadEncryption {

  private static final Logger LOG = LoggerFactory.getLogger(PayloadEncryption.class);

  private PayloadEncryption() {}

  /**
   * The configured keys: from {@code keysFile}; else from the environment variable; else, in
   * developer mode, from a key file created next to the artifact store. Empty only when encryption
   * is not required.
   *
   * @throws IllegalStateException when keys are required and none are configured
   */
  public static Optional<KeyRing> keys(
      EncryptionSettings settings, boolean devMode, String artifactRoot) {
    Optional<KeyRing> keys =
        ConfiguredKeys.find(
            settings.getKeysFile(), settings.getKeysEnv(), devMode, artifactRoot, "payload-keys");
    if (keys.isPresent()) {
      return keys;
    }
    if (settings.isRequired()) {
      throw new IllegalStateException(
          "temporal.encryption: no payload keys are configured; set keysFile, or the "
              + "environment variable "
              + settings.getKeysEnv()
              + ", to lines of <id>:<base64 of 32 bytes> (or set "
              + "required: false to run with unencrypted payloads)");
    }
    LOG.warn("Temporal payloads are NOT encrypted (temporal.encryption.required is false)");
    return Optional.empty();
  }
}
