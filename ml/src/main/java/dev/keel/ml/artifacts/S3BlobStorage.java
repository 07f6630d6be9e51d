package dev.keel.ml.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects in an S3 bucket (AWS S3 or an S3-compatible server such as MinIO or Ceph): key {@code k}
 * is the object {@code s3://BUCKET/PREFIXk}. An S3 PUT is atomic, so a reader sees a whole object
 * or none; a write sends {@code If-None-Match: *} so that of two concurrent writers of one key the
 * second keeps the first's object (servers that ignore the header let the last one win whole, which
 * is as good for content-addressed objects).
 */
public final class S3BlobStorage implements BlobStorage {

  /**
   * Where the bucket is and how to reach it.
   *
   * @param endpoint the server's URL, e.g. {@code http://127.0.0.1:9000}; null or blank for AWS
   *     itself
   * @param region the signing region ({@code us-east-1} when null or blank)
   * @param prefix put before every key ("" or e.g. {@code keel/}; a missing trailing '/' is added)
   * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}, as
   *     most S3-compatible servers need
   * @param accessKeyId with {@code secretAccessKey}, static credentials; both null or blank uses
   *     AWS's default credential chain (environment, profile, instance role)
   */
  public record Settings(
      String endpoint,
      String region,
      String bucket,
      String prefix,
      boolean pathStyle,
      String accessKeyId,
      String secretAccessKey) {}

  private final S3Client client;
  private final String bucket;
  private final String prefix;

  S3BlobStorage(S3Client client, String bucket, String prefix) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = normalizePrefix(prefix);
  }

  /** A client for the settings; call {@link #check()} to find out whether the bucket is there. */
  public static S3BlobStorage open(Settings settings) {
    if (blank(settings.bucket())) {
      throw new IllegalArgumentException("an S3 artifact store needs a bucket");
    }
    if (blank(settings.accessKeyId()) != blank(settings.secretAccessKey())) {
      throw new IllegalArgumentException(
          "an S3 artifact store needs both an access key id and a secret access key, "
              + "or neither (then AWS's default credential chain is used)");
    }
    AwsCredentialsProvider credentials =
        blank(settings.accessKeyId())
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .region(Region.of(blank(settings.region()) ? "us-east-1" : settings.region()))
            .forcePathStyle(settings.pathStyle())
            .credentialsProvider(credentials)
            // Keel checks every artifact against the checksum stored with it; S3-compatible servers
            // that predate the
            // SDK's default CRC checksums refuse or mangle requests that carry them
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (!blank(settings.endpoint())) {
      builder.endpointOverride(endpoint(settings.endpoint()));
    }
    return new S3BlobStorage(builder.build(), settings.bucket(), settings.prefix());
  }

  /**
   * Fails with a message naming the bucket when it does not exist or cannot be reached with these
   * credentials.
   */
  public S3BlobStorage check() {
    try {
      client.headBucket(b -> b.bucket(bucket));
      return this;
    } catch (S3Exception e) {
      String why =
          switch (e.statusCode()) {
            case 404 -> "the bucket does not exist";
            case 403 -> "access is denied with the configured credentials";
            case 301 -> "the bucket is in another region than the one configured";
            default -> e.getMessage();
          };
      throw new IllegalStateException(
          "cannot use S3 bucket '" + bucket + "' for the artifact store: " + why, e);
    } catch (SdkException e) {
      throw new IllegalStateException(
          "cannot reach S3 bucket '" + bucket + "' for the artifact store: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    if (exists(key)) {
      return false;
    }
    try {
      client.putObject(
          b ->
              b.bucket(bucket)
                  .key(prefix + key)
                  .ifNoneMatch("*")
                  .contentType("application/octet-stream"),
          RequestBody.fromBytes(bytes));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false; // another writer stored this key first (or is storing it right now)
      }
      throw failure("cannot write", key, e);
    } catch (SdkException e) {
      throw failure("cannot write", key, e);
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    try {
      return Optional.of(
          client.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("cannot read", key, e);
    } catch (SdkException e) {
      throw failure("cannot read", key, e);
    }
  }

  @Override
  public boolean exists(String key) {
    try {
      client.headObject(b -> b.bucket(bucket).key(prefix + key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("cannot look up", key, e);
    } catch (SdkException e) {
      throw failure("cannot look up", key, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      client.deleteObject(b -> b.bucket(bucket).key(prefix + key));
    } catch (SdkException e) {
      throw failure("cannot delete", key, e);
    }
  }

  @Override
  public String location(String key) {
    return "s3://" + bucket + "/" + prefix + key;
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }

  private UncheckedIOException failure(String what, String key, SdkException e) {
    return new UncheckedIOException(
        what + " " + location(key) + ": " + e.getMessage(), new IOException(e));
  }

  private static URI endpoint(String text) {
    URI endpoint = null;
    try {
      endpoint = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      // said below
    }
    if (endpoint == null
        || endpoint.getScheme() == null
        || endpoint.getHost() == null
        || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
      throw new IllegalArgumentException(
          "S3 endpoint '" + text + "' is not a URL; expected e.g. http://127.0.0.1:9000");
    }
    return endpoint;
  }

  static String normalizePrefix(String prefix) {
    if (blank(prefix)) {
      return "";
    }
    String p = prefix.strip().replaceAll("^/+", "");
    return p.isEmpty() || p.endsWith("/") ? p : p + "/";
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
