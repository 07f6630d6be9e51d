package dev.keel.engine.codec;

import dev.keel.engine.config.EncryptionSettings;
import dev.keel.workers.crypto.KeyRing;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the payload keys a process is configured with. */
public final class PayloadEncryption {

  private static final Logger LOG = LoggerFactory.getLogger(PayloadEncryption.class);

  private PayloadEncryption() {}

  /**
   * The configured keys: from {@code keysFile}; else from the environment variable; else, in developer mode, from a
   * key file created next to the artifact store. Empty only when encryption is not required.
   *
   * @throws IllegalStateException when keys are required and none are configured
   */
  public static Optional<KeyRing> keys(EncryptionSettings settings, boolean devMode, String artifactRoot) {
    if (settings.getKeysFile() != null && !settings.getKeysFile().isBlank()) {
      return Optional.of(KeyRing.load(Path.of(settings.getKeysFile())));
    }
    String env = settings.getKeysEnv() == null ? null : System.getenv(settings.getKeysEnv());
    if (env != null && !env.isBlank()) {
      return Optional.of(KeyRing.parse(env, "environment variable " + settings.getKeysEnv()));
    }
    if (devMode) {
      Path file = Path.of(artifactRoot).toAbsolutePath().normalize().resolveSibling("payload-keys");
      return Optional.of(KeyRing.load(KeyRing.createIfMissing(file)));
    }
    if (settings.isRequired()) {
      throw new IllegalStateException("temporal.encryption: no payload keys are configured; set keysFile, or the "
          + "environment variable " + settings.getKeysEnv() + ", to lines of <id>:<base64 of 32 bytes> (or set "
          + "required: false to run with unencrypted payloads)");
    }
    LOG.warn("Temporal payloads are NOT encrypted (temporal.encryption.required is false)");
    return Optional.empty();
  }
}
