package dev.keel.ml.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.testkit.S3Server;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The storage contract on a real S3-compatible server (S3Mock on loopback), and where the objects
 * go.
 */
class S3BlobStorageTest extends BlobStorageContractTest {

  static final String BUCKET = "keel-contract";
  static S3Server server;

  @BeforeAll
  static void server() {
    server = S3Server.shared();
    server.createBucket(BUCKET);
    server.createBucket(BUCKET); // a second creation keeps the bucket
  }

  static S3BlobStorage.Settings settings(String bucket, String prefix) {
    return new S3BlobStorage.Settings(
        server.endpoint(), "eu-west-1", bucket, prefix, true, "test-key", "test-secret");
  }

  /** Every test its own prefix in the one bucket, so tests never see each other's objects. */
  @Override
  BlobStorage newStorage() {
    return S3BlobStorage.open(settings(BUCKET, "run-" + UUID.randomUUID())).check();
  }

  @Test
  void anArtifactIsTheObjectAtPrefixAndAddress() {
    String prefix = "team-a/" + UUID.randomUUID() + "/";
    try (S3BlobStorage s3 = S3BlobStorage.open(settings(BUCKET, "/" + prefix)).check();
        S3Client raw =
            S3Client.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .forcePathStyle(true)
                .region(Region.EU_WEST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .build()) {
      ArtifactStore store = new ArtifactStore(s3, cipher());
      String address = store.put(CSV);
      String hex = address.substring("sha256:".length());
      String key = prefix + "sha256/" + hex.substring(0, 2) + "/" + hex.substring(2);

      assertThat(store.location(address)).isEqualTo("s3://" + BUCKET + "/" + key);
      assertThat(raw.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents())
          .extracting(o -> o.key())
          .containsExactly(key);
      assertThatThrownBy(store::root)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("s3://" + BUCKET + "/" + prefix)
          .hasMessageContaining("not a local directory");
    }
  }

  @Test
  void aMissingBucketIsAClearError() {
    try (S3BlobStorage s3 = S3BlobStorage.open(settings("no-such-bucket", ""))) {
      assertThatThrownBy(s3::check)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "cannot use S3 bucket 'no-such-bucket' for the artifact store: the bucket does not exist");
    }
  }

  @Test
  void settingsWithoutABucketOrWithHalfTheCredentialsAreRefused() {
    assertThatThrownBy(() -> S3BlobStorage.open(settings(" ", "")))
        .hasMessage("an S3 artifact store needs a bucket");
    assertThatThrownBy(
            () ->
                S3BlobStorage.open(
                    new S3BlobStorage.Settings(
                        server.endpoint(), null, BUCKET, null, true, "key-only", null)))
        .hasMessageContaining("both an access key id and a secret access key, or neither");
    assertThatThrownBy(
            () ->
                S3BlobStorage.open(
                    new S3BlobStorage.Settings(
                        "127.0.0.1:9000", null, BUCKET, null, true, null, null)))
        .hasMessageContaining("is not a URL; expected e.g. http://127.0.0.1:9000");
  }

  @Test
  void aPrefixIsOneFolder() {
    assertThat(S3BlobStorage.normalizePrefix(null)).isEmpty();
    assertThat(S3BlobStorage.normalizePrefix("")).isEmpty();
    assertThat(S3BlobStorage.normalizePrefix("/")).isEmpty();
    assertThat(S3BlobStorage.normalizePrefix("keel")).isEqualTo("keel/");
    assertThat(S3BlobStorage.normalizePrefix("/keel/prod/")).isEqualTo("keel/prod/");
  }
}
