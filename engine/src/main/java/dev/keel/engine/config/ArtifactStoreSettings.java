package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.keel.ml.artifacts.BlobStorage;
import dev.keel.ml.artifacts.LocalBlobStorage;
import dev.keel.ml.artifacts.S3BlobStorage;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where datasets and models (the content-addressed artifacts) are kept; engines and workers that
 * share a store must all be configured alike. {@code type: local} (the default, and developer
 * mode's) keeps them under {@code artifactRoot}; {@code type: s3} keeps them in a bucket of AWS S3
 * or of an S3-compatible server (MinIO, Ceph, ...), as {@code s3://bucket/prefix/sha256/<2 hex>/<62
 * hex>}, so that engines and workers on several machines share them. Encryption ({@code
 * artifactEncryption}) and checksums apply to either. MLflow's proxied artifacts ({@code
 * mlflow-artifacts:/}) stay under {@code artifactRoot} in both cases.
 *
 * <pre>
 * artifactStore:
 *   type: s3
 *   endpoint: http://minio.internal:9000   # omit for AWS
 *   region: eu-west-1
 *   bucket: keel-artifacts
 *   prefix: prod/
 *   pathStyle: true                        # most S3-compatible servers need it
 *   accessKeyId: ${KEEL_S3_ACCESS_KEY}     # omit both for AWS's default credential chain
 *   secretAccessKey: ${KEEL_S3_SECRET_KEY}
 * </pre>
 */
public class ArtifactStoreSettings {

  /** Kinds of storage, written {@code local} and {@code s3}. */
  public enum Type {
    LOCAL,
    S3;

    @JsonCreator
    public static Type of(String name) {
      for (Type t : values()) {
        if (t.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "unknown artifact store type '" + name + "': expected local or s3");
    }

    @JsonValue
    public String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Pattern UNSET_VARIABLE = Pattern.compile("\\$\\{([^}:]+)[^}]*}");

  @NotNull @JsonProperty private Type type = Type.LOCAL;

  /** The S3 server's URL; empty for AWS itself. */
  @JsonProperty private String endpoint;

  /** The signing region; {@code us-east-1} when empty. */
  @JsonProperty private String region;

  @JsonProperty private String bucket;

  /**
   * Put before every object key, e.g. {@code keel/}, so that one bucket can hold several stores.
   */
  @JsonProperty private String prefix = "";

  /** {@code http://host/bucket/key} addressing, as S3-compatible servers mostly need. */
  @JsonProperty private boolean pathStyle = false;

  @JsonProperty private String accessKeyId;

  @JsonProperty private String secretAccessKey;

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }

  public String getBucket() {
    return bucket;
  }

  /**
   * Opens the storage: a directory at {@code artifactRoot}, or the bucket after checking that it is
   * there; {@link IllegalStateException} naming the setting when the configuration cannot work.
   */
  public BlobStorage open(String artifactRoot) {
    if (type == Type.LOCAL) {
      return new LocalBlobStorage(Path.of(artifactRoot));
    }
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalStateException(
          "artifactStore.bucket is required when artifactStore.type is s3");
    }
    S3BlobStorage.Settings settings =
        new S3BlobStorage.Settings(
            endpoint,
            region,
            bucket,
            prefix,
            pathStyle,
            substituted("accessKeyId", accessKeyId),
            substituted("secretAccessKey", secretAccessKey));
    S3BlobStorage storage;
    try {
      storage = S3BlobStorage.open(settings);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("artifactStore: " + e.getMessage(), e);
    }
    try {
      return storage.check();
    } catch (IllegalStateException e) {
      storage.close();
      throw new IllegalStateException(
          "artifactStore: "
              + e.getMessage()
              + (endpoint == null || endpoint.isBlank() ? "" : " (endpoint " + endpoint + ")"),
          e);
    }
  }

  /** A value still reading {@code ${VAR}} names an environment variable that is not set. */
  private static String substituted(String name, String value) {
    if (value != null) {
      Matcher unset = UNSET_VARIABLE.matcher(value);
      if (unset.find()) {
        throw new IllegalStateException(
            "artifactStore."
                + name
                + " is '"
                + value
                + "', but the environment variable "
                + unset.group(1)
                + " is not set");
      }
    }
    return value;
  }
}
