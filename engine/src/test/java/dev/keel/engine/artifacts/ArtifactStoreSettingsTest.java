package dev.keel.engine.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.config.ArtifactStoreSettings;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.ml.artifacts.BlobStorage;
import dev.keel.ml.artifacts.LocalBlobStorage;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code artifactStore} setting as an operator writes it: what each configuration opens, or why
 * it cannot.
 */
class ArtifactStoreSettingsTest {

  @TempDir Path dir;

  static KeelConfiguration parse(String yaml) throws Exception {
    return new YamlConfigurationFactory<>(
            KeelConfiguration.class,
            Validators.newValidator(),
            // a prefix of its own: other tests' Dropwizard overrides live as dw.* system properties
            // while they run
            Jackson.newObjectMapper(),
            "keel-settings-test")
        .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "keel.yml");
  }

  @Test
  void theTypeIsWrittenInLowerCase() throws Exception {
    assertThat(parse("artifactStore: {type: s3, bucket: b}").getArtifactStore().getType())
        .isEqualTo(ArtifactStoreSettings.Type.S3);
    assertThat(parse("artifactStore: {type: local}").getArtifactStore().getType())
        .isEqualTo(ArtifactStoreSettings.Type.LOCAL);
  }

  @Test
  void withoutTheSettingArtifactsStayInTheLocalDirectory() throws Exception {
    KeelConfiguration config = parse("artifactRoot: " + dir.resolve("artifacts") + "\n");

    assertThat(config.getArtifactStore().getType()).isEqualTo(ArtifactStoreSettings.Type.LOCAL);
    try (BlobStorage storage = config.getArtifactStore().open(config.getArtifactRoot())) {
      assertThat(storage).isInstanceOf(LocalBlobStorage.class);
      assertThat(((LocalBlobStorage) storage).root())
          .isEqualTo(dir.resolve("artifacts").toAbsolutePath());
    }
  }

  @Test
  void anUnknownTypeIsAConfigurationError() {
    assertThatThrownBy(() -> parse("artifactStore:\n  type: gcs\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("artifactStore.type")
        .hasMessageContaining("unknown artifact store type 'gcs': expected local or s3");
  }

  @Test
  void aBucketThatIsNotThereIsAStartUpError() throws Exception {
    String endpoint = dev.keel.testkit.S3Server.shared().endpoint();
    KeelConfiguration config =
        parse(
            "artifactStore: {type: s3, bucket: not-created, pathStyle: true, endpoint: "
                + endpoint
                + ", accessKeyId: k, secretAccessKey: s}\nartifactRoot: "
                + dir
                + "\n");

    assertThatThrownBy(() -> config.getArtifactStore().open(config.getArtifactRoot()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "artifactStore: cannot use S3 bucket 'not-created' for "
                + "the artifact store: the bucket does not exist (endpoint "
                + endpoint
                + ")");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      no bucket           | 'artifactStore: {type: s3}'                                                             | artifactStore.bucket is required when artifactStore.type is s3
      blank bucket        | 'artifactStore: {type: s3, bucket: " "}'                                                | artifactStore.bucket is required when artifactStore.type is s3
      unset variable      | 'artifactStore: {type: s3, bucket: b, accessKeyId: "${KEEL_S3_ACCESS_KEY_UNSET}", secretAccessKey: s}' | artifactStore.accessKeyId is '${KEEL_S3_ACCESS_KEY_UNSET}', but the environment variable KEEL_S3_ACCESS_KEY_UNSET is not set
      half credentials    | 'artifactStore: {type: s3, bucket: b, accessKeyId: k}'                                  | artifactStore: an S3 artifact store needs both an access key id and a secret access key, or neither (then AWS's default credential chain is used)
      endpoint not a URL  | 'artifactStore: {type: s3, bucket: b, endpoint: "minio:9000", accessKeyId: k, secretAccessKey: s}' | artifactStore: S3 endpoint 'minio:9000' is not a URL; expected e.g. http://127.0.0.1:9000
      """)
  void anS3StoreThatCannotWorkIsAStartUpError(String name, String yaml, String message)
      throws Exception {
    KeelConfiguration config = parse(yaml + "\nartifactRoot: " + dir + "\n");

    assertThatThrownBy(() -> config.getArtifactStore().open(config.getArtifactRoot()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(message);
  }
}
