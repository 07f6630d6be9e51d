package dev.keel.engine.codec;

import dev.keel.engine.config.ArtifactEncryptionSettings;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.mlflow.MlflowArtifactStore;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.artifacts.BlobStorage;
import dev.keel.ml.crypto.ArtifactCipher;
import dev.keel.ml.crypto.KeyRing;
import dev.keel.ml.crypto.StreamingArtifactCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the artifact store a process is configured with ({@code artifactStore}: the local directory
 * or a bucket), encrypted when artifact keys are configured.
 */
public final class ArtifactEncryption {

  private static final Logger LOG = LoggerFactory.getLogger(ArtifactEncryption.class);

  private ArtifactEncryption() {}

  /** The artifact keys configured, or null when artifacts are stored unencrypted. */
  public static KeyRing keys(KeelConfiguration config) {
    ArtifactEncryptionSettings settings = config.getArtifactEncryption();
    return ConfiguredKeys.find(
            settings.getKeysFile(),
            settings.getKeysEnv(),
            config.isDevMode(),
            config.getArtifactRoot(),
            "artifact-keys")
        .orElse(null);
  }

  /**
   * The MLflow artifact proxy's store, encrypted with the artifact keys when they are configured.
   */
  public static MlflowArtifactStore mlflowStore(KeelConfiguration config) {
    KeyRing keys = keys(config);
    return new MlflowArtifactStore(
        java.nio.file.Path.of(config.getArtifactRoot()),
        keys == null ? null : new StreamingArtifactCipher(keys));
  }

  public static ArtifactStore store(KeelConfiguration config) {
    KeyRing keys = keys(config);
    BlobStorage storage = config.getArtifactStore().open(config.getArtifactRoot());
    if (keys == null) {
      LOG.warn(
          "artifacts in {} are NOT encrypted at rest (no artifactEncryption keys configured)",
          storage);
      return new ArtifactStore(storage, null);
    }
    LOG.info("artifacts in {}, encrypted at rest", storage);
    return new ArtifactStore(storage, new ArtifactCipher(keys));
  }
}
