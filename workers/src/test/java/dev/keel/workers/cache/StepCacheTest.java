package dev.keel.workers.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.data.DatasetLoader;
import dev.keel.workers.data.DatasetActivitiesImpl;
import dev.keel.workers.training.TrainingActivitiesImpl;
import dev.keel.workflows.contract.Binarize;
import dev.keel.workflows.contract.CachePolicy;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.IngestRequest;
import dev.keel.workflows.contract.IngestResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.TrainRequest;
import dev.keel.workflows.contract.TrainResult;
import dev.keel.workflows.contract.TrainerSpec;
import dev.keel.workflows.contract.TrialRequest;
import dev.keel.workflows.contract.TrialResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step caching on real red-wine data with real Tribuo training: an identical step reuses the first
 * result (the same artifact), anything that changes the inputs or the code computes again, and a
 * result older than the policy allows, derived from erased data, or unreadable is never reused.
 */
class StepCacheTest {

  private static final Path WINE = Path.of("../../shared/data/wine-quality-red.csv");
  private static final CachePolicy WEEK = new CachePolicy(7);

  @TempDir Path dir;

  ArtifactStore store;
  DatasetLoader loader;
  DatasetRef wine;
  final AtomicLong now = new AtomicLong(1_800_000_000_000L);

  @BeforeEach
  void wine() throws IOException {
    store = new ArtifactStore(dir.resolve("artifacts"));
    loader = new DatasetLoader(store);
    wine = new DatasetRef("wine", store.put(Files.readAllBytes(WINE)));
  }

  TrainingActivitiesImpl training(String commit) {
    return new TrainingActivitiesImpl(store, loader, new StepCache(store, commit, now::get));
  }

  static ModelSpec logistic(long seed) {
    return new ModelSpec(
        ModelSpec.CLASSIFICATION,
        "quality",
        new Binarize(">=", 6),
        null,
        List.of(),
        new TrainerSpec("logistic", Map.of("epochs", "5")),
        List.of(),
        null,
        0.2,
        seed,
        true);
  }

  @Test
  void anIdenticalTrainingReusesTheFirstOnesArtifact() {
    TrainingActivitiesImpl activities = training("c0ffee");
    TrainResult first = activities.train(new TrainRequest("run-1", wine, logistic(42), WEEK));
    TrainResult second = activities.train(new TrainRequest("run-2", wine, logistic(42), WEEK));

    assertThat(first.stats().reused()).isFalse();
    assertThat(second.stats().reused()).as("another run, the same inputs").isTrue();
    assertThat(second.artifactHash()).isEqualTo(first.artifactHash());
    assertThat(second.signature()).isEqualTo(first.signature());
    assertThat(second.trainRows()).isEqualTo(first.trainRows());

    TrainResult otherSeed = activities.train(new TrainRequest("run-3", wine, logistic(7), WEEK));
    assertThat(otherSeed.stats().reused()).isFalse();
    assertThat(otherSeed.artifactHash()).isNotEqualTo(first.artifactHash());
    assertThat(
            training("c0ffee")
                .train(
                    new TrainRequest(
                        "run-4", new DatasetRef("red", wine.version()), logistic(42), WEEK))
                .stats()
                .reused())
        .as("the dataset's name is part of the inputs (it is recorded in the model)")
        .isFalse();
    assertThat(
            training("decade")
                .train(new TrainRequest("run-5", wine, logistic(42), WEEK))
                .stats()
                .reused())
        .as("a worker built from another commit computes again")
        .isFalse();
    assertThat(
            activities.train(new TrainRequest("run-6", wine, logistic(42), null)).stats().reused())
        .as("without a policy nothing is reused")
        .isFalse();
  }

  @Test
  void aResultOlderThanThePolicyAllowsIsComputedAgainAndReplaced() {
    TrainingActivitiesImpl activities = training("c0ffee");
    activities.train(new TrainRequest("run-1", wine, logistic(42), WEEK));
    now.addAndGet(Duration.ofDays(6).toMillis());
    assertThat(
            activities.train(new TrainRequest("run-2", wine, logistic(42), WEEK)).stats().reused())
        .isTrue();

    now.addAndGet(Duration.ofDays(2).toMillis()); // eight days after it was written
    assertThat(
            activities.train(new TrainRequest("run-3", wine, logistic(42), WEEK)).stats().reused())
        .isFalse();
    assertThat(
            activities
                .train(new TrainRequest("run-4", wine, logistic(42), new CachePolicy(null)))
                .stats()
                .reused())
        .as("written again by run-3; any age is fine without a limit")
        .isTrue();
  }

  @Test
  void aTrialIsReusedByParametersNotByItsNumberOrRun() {
    TrainingActivitiesImpl activities = training("c0ffee");
    TrialResult first =
        activities.trial(new TrialRequest("run-1", 1, wine, logistic(42), "rocAuc", 0.2, WEEK));
    TrialResult again =
        activities.trial(new TrialRequest("run-2", 9, wine, logistic(42), "rocAuc", 0.2, WEEK));
    TrialResult otherSplit =
        activities.trial(new TrialRequest("run-2", 9, wine, logistic(42), "rocAuc", 0.3, WEEK));

    assertThat(again.stats().reused()).isTrue();
    assertThat(again.metrics()).isEqualTo(first.metrics());
    assertThat(again.value()).isEqualTo(first.value());
    assertThat(otherSplit.stats().reused()).isFalse();
  }

  @Test
  void nothingDerivedFromErasedDataIsReused() {
    DatasetActivitiesImpl datasets =
        new DatasetActivitiesImpl(loader, new StepCache(store, "c0ffee", now::get));
    IngestResult first = datasets.ingest(new IngestRequest(wine, WEEK));
    assertThat(datasets.ingest(new IngestRequest(wine, WEEK)).stats().reused()).isTrue();
    assertThat(datasets.ingest(new IngestRequest(wine, WEEK)).rows()).isEqualTo(first.rows());

    TrainingActivitiesImpl activities = training("c0ffee");
    TrainResult trained = activities.train(new TrainRequest("run-1", wine, logistic(42), WEEK));
    store.shred(trained.artifactHash(), "erasure e-1");
    assertThat(store.shredded(trained.artifactHash())).isTrue();
    assertThat(
            activities.train(new TrainRequest("run-2", wine, logistic(42), WEEK)).stats().reused())
        .as("the cached model's artifact was erased")
        .isFalse();

    store.shred(wine.version(), "erasure e-2");
    DatasetActivitiesImpl fresh =
        new DatasetActivitiesImpl(
            new DatasetLoader(store), new StepCache(store, "c0ffee", now::get));
    assertThatThrownBy(() -> fresh.ingest(new IngestRequest(wine, WEEK)))
        .as("an erased dataset version is read, and refused, not served from the cache")
        .hasMessageContaining("erase");
  }

  @Test
  void anUnreadableEntryIsAMissAndADirtyBuildKeepsItsOwn() throws IOException {
    TrainingActivitiesImpl activities = training("c0ffee");
    activities.train(new TrainRequest("run-1", wine, logistic(42), WEEK));
    try (Stream<Path> files = Files.walk(dir.resolve("artifacts/records/steps"))) {
      for (Path entry : files.filter(Files::isRegularFile).toList()) {
        Files.writeString(entry, "KEELSUM1 garbage", StandardCharsets.US_ASCII);
      }
    }
    assertThat(
            activities.train(new TrainRequest("run-2", wine, logistic(42), WEEK)).stats().reused())
        .isFalse();
    assertThat(
            activities.train(new TrainRequest("run-3", wine, logistic(42), WEEK)).stats().reused())
        .as("run-2 wrote it again")
        .isTrue();

    StepCache dirtyA = StepCache.of(store, "c0ffee-dirty");
    StepCache dirtyB = StepCache.of(store, "c0ffee-dirty");
    new TrainingActivitiesImpl(store, loader, dirtyA)
        .train(new TrainRequest("a", wine, logistic(3), WEEK));
    assertThat(
            new TrainingActivitiesImpl(store, loader, dirtyA)
                .train(new TrainRequest("b", wine, logistic(3), WEEK))
                .stats()
                .reused())
        .isTrue();
    assertThat(
            new TrainingActivitiesImpl(store, loader, dirtyB)
                .train(new TrainRequest("c", wine, logistic(3), WEEK))
                .stats()
                .reused())
        .as("another process of a build with uncommitted changes")
        .isFalse();
  }
}
