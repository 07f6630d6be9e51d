package dev.keel.engine.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import dev.keel.testkit.S3Server;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An engine configured with {@code artifactStore.type: s3} against a real S3-compatible server
 * (S3Mock on loopback): the red wine data and the model trained on it are objects in the bucket,
 * encrypted, and nothing of theirs is under the local artifact root; the deployed version's
 * predictions are served from the model read back from the bucket.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class S3ArtifactStoreApiTest {

  static final String BUCKET = "keel-e2e";
  static final String PREFIX = "engine-" + System.nanoTime() + "/";
  static final S3Server S3 = bucket();
  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.app(
          ConfigOverride.config("artifactStore.type", "s3"),
          ConfigOverride.config("artifactStore.endpoint", S3.endpoint()),
          ConfigOverride.config("artifactStore.region", "eu-west-1"),
          ConfigOverride.config("artifactStore.bucket", BUCKET),
          ConfigOverride.config("artifactStore.prefix", PREFIX),
          ConfigOverride.config("artifactStore.pathStyle", "true"),
          ConfigOverride.config("artifactStore.accessKeyId", "keel-test"),
          ConfigOverride.config("artifactStore.secretAccessKey", "keel-test-secret"));
  static final S3Client RAW =
      S3Client.builder()
          .endpointOverride(URI.create(S3.endpoint()))
          .forcePathStyle(true)
          .region(Region.EU_WEST_1)
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
          .build();

  static S3Server bucket() {
    S3Server server = S3Server.shared();
    server.createBucket(BUCKET);
    return server;
  }

  @AfterAll
  static void closeClient() {
    RAW.close();
  }

  static String key(String address) {
    String hex = address.substring("sha256:".length());
    return PREFIX + "sha256/" + hex.substring(0, 2) + "/" + hex.substring(2);
  }

  static String object(String address) {
    return RAW.getObjectAsBytes(b -> b.bucket(BUCKET).key(key(address)))
        .asString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aModelTrainedOnTheRedWineIsKeptInTheBucketAndServedFromIt() throws Exception {
    Http http = Http.api(APP);
    Http.Response red =
        http.postJson(
            "/v1/datasets",
            Map.of("name", "red", "source", SharedData.redWine().toUri().toString()));
    assertThat(red.status()).as(red.text()).isEqualTo(201);
    String dataset = red.json().path("version").asText();
    assertThat(
            http.postJson(
                    "/v1/models",
                    Map.of(
                        "name",
                        "red-s3",
                        "task",
                        "regression",
                        "target",
                        "quality",
                        "trainer",
                        Map.of("algorithm", "linear")))
                .status())
        .isEqualTo(201);
    Http.Response started = http.postJson("/v1/models/red-s3/runs", Map.of("dataset", "red"));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    JsonNode run =
        http.await(
                "/v1/runs/" + started.json().path("id").asText(),
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(180))
            .json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    String model = http.get("/v1/models/red-s3/versions/1").json().path("artifactHash").asText();

    assertThat(RAW.listObjectsV2(b -> b.bucket(BUCKET).prefix(PREFIX)).contents())
        .extracting(o -> o.key())
        .contains(key(dataset), key(model));
    for (String address : List.of(dataset, model)) {
      assertThat(object(address))
          .as(address)
          .startsWith("KEELSUM1 sha256:")
          .contains("\nKEELAE1")
          .doesNotContain("fixed_acidity");
    }
    Path localRoot = Path.of(APP.getConfiguration().getArtifactRoot());
    assertThat(localRoot.resolve("sha256")).doesNotExist();

    Map<String, Object> instance = new LinkedHashMap<>();
    String[] names =
        ("fixed_acidity,volatile_acidity,citric_acid,residual_sugar,chlorides,free_sulfur_dioxide,"
                + "total_sulfur_dioxide,density,pH,sulphates,alcohol")
            .split(",");
    double[] values = {7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4};
    for (int i = 0; i < names.length; i++) {
      instance.put(names[i], values[i]);
    }
    Http.Response answer =
        http.serving("red-s3")
            .postJson("/v1/models/red-s3/predict", Map.of("instances", List.of(instance)));
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.json().path("modelVersion").asInt()).isEqualTo(1);
    assertThat(answer.json().path("predictions").get(0).toString()).containsPattern("[0-9]");
    try (var left = Files.walk(localRoot)) {
      assertThat(left.filter(Files::isRegularFile).map(p -> localRoot.relativize(p).toString()))
          .as("nothing of the dataset or the model is under the local root")
          .noneMatch(p -> p.startsWith("sha256"));
    }
  }
}
