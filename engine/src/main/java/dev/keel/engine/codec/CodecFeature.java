package dev.keel.engine.codec;

import dev.keel.engine.config.ArtifactStoreSettings;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.config.TemporalSettings;
import dev.keel.engine.mlflow.MlflowArtifactStore;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.crypto.KeyRing;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keel's stores of bytes and its keys: the artifact store (a directory or a bucket, encrypted when
 * keys are configured), the MLflow artifact proxy's store, Temporal's payload keys and the codec
 * endpoint that Temporal's UI decodes payloads with.
 */
public final class CodecFeature {

  private static final Logger LOG = LoggerFactory.getLogger(CodecFeature.class);

  private final ArtifactStore artifacts;
  private final MlflowArtifactStore mlflowStore;
  private final KeyRing payloadKeys;

  private CodecFeature(
      ArtifactStore artifacts, MlflowArtifactStore mlflowStore, KeyRing payloadKeys) {
    this.artifacts = artifacts;
    this.mlflowStore = mlflowStore;
    this.payloadKeys = payloadKeys;
  }

  /**
   * Opens the stores (the artifact store is closed when the engine stops) and registers the codec
   * endpoint.
   */
  public static CodecFeature install(KeelConfiguration config, Environment env) {
    ArtifactStore artifacts = ArtifactEncryption.store(config);
    env.lifecycle()
        .manage(
            new Managed() {
              @Override
              public void stop() {
                artifacts.close();
              }
            });
    if (config.getArtifactStore().getType() == ArtifactStoreSettings.Type.S3) {
      LOG.warn(
          "datasets and models are in {}; MLflow's proxied artifacts (mlflow-artifacts:/) stay in this "
              + "engine's local directory {}: engines that take MLflow uploads and imports must share that directory",
          artifacts.location(),
          Path.of(config.getArtifactRoot(), "mlflow").toAbsolutePath());
    }
    TemporalSettings temporal = config.getTemporal();
    KeyRing payloadKeys =
        PayloadEncryption.keys(
                temporal.getEncryption(), config.isDevMode(), config.getArtifactRoot())
            .orElse(null);
    env.jersey()
        .register(
            new CodecResource(
                payloadKeys == null ? null : new AesGcmPayloadCodec(payloadKeys),
                temporal.getNamespace(),
                temporal.getEncryption().getUiOrigins()));
    return new CodecFeature(artifacts, ArtifactEncryption.mlflowStore(config), payloadKeys);
  }

  /** Datasets and model artifacts. */
  public ArtifactStore artifacts() {
    return artifacts;
  }

  /** What MLflow clients upload through the artifact proxy, under the local artifact root. */
  public MlflowArtifactStore mlflowStore() {
    return mlflowStore;
  }

  /** The keys of Temporal payloads, or null when payloads are not encrypted. */
  public KeyRing payloadKeys() {
    return payloadKeys;
  }
}
