package dev.keel.engine.codec;

import dev.keel.engine.config.ArtifactEncryptionSettings;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.workers.artifacts.ArtifactStore;
import dev.keel.workers.crypto.ArtifactCipher;
import dev.keel.workers.crypto.KeyRing;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the artifact store a process is configured with, encrypted when artifact keys are configured. */
public final class ArtifactEncryption {

  private static final Logger LOG = LoggerFactory.getLogger(ArtifactEncryption.class);

  private ArtifactEncryption() {}

  public static ArtifactStore store(KeelConfiguration config) {
    Path root = Path.of(config.getArtifactRoot());
    ArtifactEncryptionSettings settings = config.getArtifactEncryption();
    KeyRing keys = ConfiguredKeys.find(settings.getKeysFile(), settings.getKeysEnv(), config.isDevMode(),
        config.getArtifactRoot(), "artifact-keys").orElse(null);
    if (keys == null) {
      LOG.warn("artifacts in {} are NOT encrypted at rest (no artifactEncryption keys configured)", root);
      return new ArtifactStore(root);
    }
    return new ArtifactStore(root, new ArtifactCipher(keys));
  }
}
