package dev.keel.engine.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.crypto.ArtifactCipher;
import dev.keel.ml.crypto.KeyRing;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Erasure crypto-shreds the dataset versions that held the subject: their data keys are destroyed,
 * so neither the API nor anyone holding the artifact keys and the file can read their rows, while
 * lineage keeps hash and row count.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ErasureShreddingTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static final String SUBJECT = "cust-7";
  static final Pattern SUBJECT_CELL = Pattern.compile("cust-7(?![0-9])");

  /**
   * The red wine rows with a customer id, {@code customers} distinct ones, the first {@code rows}
   * rows.
   */
  static byte[] peopleCsv(int rows, int customers) throws Exception {
    List<String> lines = Files.readAllLines(SharedData.redWine());
    StringBuilder csv = new StringBuilder(lines.get(0)).append(",customer_id\n");
    for (int i = 1; i <= rows; i++) {
      csv.append(lines.get(i)).append(",cust-").append((i - 1) % customers).append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Red then white wine rows with a customer id ({@code customers} distinct ones): 6,497 rows, more
   * than a reservoir sample keeps, so the version's sample is an artifact of its own.
   */
  static byte[] bothWinesCsv(int customers) throws Exception {
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(SharedData.redWine()));
    List<String> white = Files.readAllLines(SharedData.whiteWine());
    lines.addAll(white.subList(1, white.size()));
    StringBuilder csv = new StringBuilder(lines.get(0)).append(",customer_id\n");
    for (int i = 1; i < lines.size(); i++) {
      csv.append(lines.get(i)).append(",cust-").append((i - 1) % customers).append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  static ArtifactStore artifacts() {
    return APP.<KeelApplication>getApplication().wired().artifacts();
  }

  @Test
  void olderVersionsWithTheSubjectNoLongerOpenWhileLineageKeepsHashAndRowCount() throws Exception {
    Http http = Http.api(APP);
    Http.Response first = http.post("/v1/datasets?name=shredded", "text/csv", peopleCsv(1000, 400));
    assertThat(first.status()).as(first.text()).isEqualTo(201);
    String v1 = first.json().path("version").asText();
    // both versions before the model exists, so no new-data retrain runs beside the erasure
    Http.Response second = http.post("/v1/datasets?name=shredded", "text/csv", bothWinesCsv(400));
    assertThat(second.status()).as(second.text()).isEqualTo(201);
    String v2 = second.json().path("version").asText();
    // the drift reference of v2: 5,000 of its rows, stored apart from it
    String sample = second.json().path("profile").path("sample").asText();
    assertThat(sample).startsWith("sha256:").isNotEqualTo(v2);
    Map<String, Object> model =
        new HashMap<>(
            Map.of(
                "name",
                "shred-quality",
                "task",
                "regression",
                "target",
                "quality",
                "trainer",
                Map.of("algorithm", "linear"),
                "exclude",
                List.of("customer_id"),
                "subjectColumn",
                "customer_id",
                "dataset",
                "shredded"));
    assertThat(http.postJson("/v1/models", model).status()).isEqualTo(201);
    Http.Response started =
        http.postJson("/v1/models/shred-quality/runs", Map.of("dataset", "shredded@" + v1));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    JsonNode run =
        http.await(
                "/v1/runs/" + started.json().path("id").asText(),
                r -> !RunStatus.inFlight(r.json().path("status").asText()),
                Duration.ofSeconds(120))
            .json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");

    // before: the rows are readable through the API and by opening the file with the artifact keys
    Http.Response before = http.get("/v1/datasets/shredded/versions/" + v1 + "/content");
    assertThat(before.status()).isEqualTo(200);
    assertThat(SUBJECT_CELL.matcher(before.text()).find()).isTrue();
    assertThat(
            Http.api(APP)
                .user("vera", "viewer")
                .get("/v1/datasets/shredded/versions/" + v1 + "/content")
                .status())
        .as("rows are personal data: a viewer may not read them")
        .isEqualTo(403);
    Path file = artifacts().path(v1);
    KeyRing keys = KeyRing.load(TestStack.get().artifactKeys());
    ArtifactStore outside = new ArtifactStore(artifacts().root(), new ArtifactCipher(keys));
    assertThat(
            SUBJECT_CELL
                .matcher(new String(outside.getVerified(v1), StandardCharsets.UTF_8))
                .find())
        .isTrue();
    long storedSize = Files.size(file);
    assertThat(
            SUBJECT_CELL
                .matcher(new String(outside.getVerified(sample), StandardCharsets.UTF_8))
                .find())
        .as("the subject has rows in v2's sample")
        .isTrue();

    Http.Response erasure = http.postJson("/v1/erasures", Map.of("subject", SUBJECT));
    assertThat(erasure.status()).as(erasure.text()).isEqualTo(202);
    String id = erasure.json().path("id").asText();
    JsonNode done =
        http.await(
                "/v1/erasures/" + id,
                r -> !"RUNNING".equals(r.json().path("status").asText()),
                Duration.ofSeconds(120))
            .json();
    if (!"SUCCEEDED".equals(done.path("status").asText())) {
      var description =
          APP.<KeelApplication>getApplication()
              .wired()
              .temporal()
              .client()
              .newUntypedWorkflowStub(id)
              .describe()
              .getRawDescription();
      throw new AssertionError(
          done
              + "\npending: "
              + description.getPendingActivitiesList()
              + "\nruns: "
              + http.get("/v1/models/shred-quality/runs").text());
    }
    JsonNode cleaned = done.path("report").path("datasets").get(0);
    assertThat(cleaned.path("versionsWithSubject").findValuesAsText("")).isEmpty();
    assertThat(
            List.of(
                cleaned.path("versionsWithSubject").get(0).asText(),
                cleaned.path("versionsWithSubject").get(1).asText()))
        .containsExactlyInAnyOrder(v1, v2);
    String clean = cleaned.path("cleanVersion").asText();

    // after: both older versions are gone for the API, with a message saying why
    for (String old : List.of(v1, v2)) {
      Http.Response gone = http.get("/v1/datasets/shredded/versions/" + old + "/content");
      assertThat(gone.status()).as(gone.text()).isEqualTo(410);
      assertThat(gone.message())
          .contains("was erased by " + id)
          .contains("data key was destroyed")
          .doesNotContain(SUBJECT);
    }
    Http.Response kept = http.get("/v1/datasets/shredded/versions/" + clean + "/content");
    assertThat(kept.status()).isEqualTo(200);
    assertThat(SUBJECT_CELL.matcher(kept.text()).find())
        .as("the clean version has no row of the subject")
        .isFalse();

    // ... and for anyone with the artifact keys and the file: the ciphertext stays, no key opens it
    assertThat(file).exists();
    assertThat(Files.size(file)).isGreaterThan(storedSize / 2);
    assertThatThrownBy(() -> outside.getVerified(v1))
        .isInstanceOf(ArtifactStore.ArtifactErasedException.class)
        .hasMessageContaining("was erased");
    assertThatThrownBy(() -> outside.getVerified(sample))
        .as("the sample of an erased version is shredded with it")
        .isInstanceOf(ArtifactStore.ArtifactErasedException.class)
        .hasMessageContaining("was erased");
    byte[] raw = Files.readAllBytes(file);
    assertThat(ArtifactCipher.sealed(raw)).isFalse();
    assertThat(new String(raw, StandardCharsets.ISO_8859_1))
        .doesNotContain("cust-")
        .doesNotContain("KEELAE1");
    int destroyed =
        APP.<KeelApplication>getApplication()
            .wired()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM dataset_version_keys WHERE version IN (:a, :b) AND wrapped_key IS NULL "
                                + "AND destroyed_by = :id")
                        .bind("a", v1)
                        .bind("b", v2)
                        .bind("id", id)
                        .mapTo(Integer.class)
                        .one());
    assertThat(destroyed).as("both keys destroyed, by this erasure").isEqualTo(2);

    // lineage still answers with the hash and the row count of what the model was trained on
    JsonNode version = http.get("/v1/datasets/shredded/versions/" + v1).json();
    assertThat(version.path("version").asText()).isEqualTo(v1);
    assertThat(version.path("rows").asInt()).isEqualTo(1000);
    JsonNode lineage = http.get("/v1/models/shred-quality/versions/1/lineage").json();
    assertThat(lineage.path("datasets").get(0).path("version").asText())
        .as(lineage.toString())
        .isEqualTo(v1);
    assertThat(lineage.path("datasets").get(0).path("rows").asLong()).isEqualTo(1000);
    Http.Response usage = http.get("/v1/datasets/shredded/versions/" + v1 + "/usage");
    assertThat(usage.status()).as(usage.text()).isEqualTo(200);
  }
}
