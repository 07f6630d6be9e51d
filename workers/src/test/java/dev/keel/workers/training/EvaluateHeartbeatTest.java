package dev.keel.workers.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.artifacts.BlobStorage;
import dev.keel.ml.artifacts.LocalBlobStorage;
import dev.keel.ml.data.DatasetLoader;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.contract.EvaluateRequest;
import dev.keel.workflows.contract.EvaluateResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.TrainRequest;
import dev.keel.workflows.contract.TrainResult;
import dev.keel.workflows.contract.TrainingActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation keeps heartbeating through each long phase. On a million-row dataset scoring the
 * holdout outlasted the 60 s heartbeat timeout and the evaluate stage failed after a successful
 * training; here the slow phase is fetching the candidate from a slow object store.
 */
class EvaluateHeartbeatTest {

  private static final Path WINE = Path.of("../../shared/data/wine-quality-red.csv");
  private static final long SLOW_GET_MILLIS = 2_000;

  @TempDir Path dir;

  /** Local storage whose reads of the marked keys take {@value #SLOW_GET_MILLIS} ms. */
  private static final class SlowReads implements BlobStorage {
    private final LocalBlobStorage local;
    final Set<String> slow = ConcurrentHashMap.newKeySet();

    SlowReads(Path root) {
      local = new LocalBlobStorage(root);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes) {
      return local.putIfAbsent(key, bytes);
    }

    @Override
    public Optional<byte[]> get(String key) {
      if (slow.stream().anyMatch(key::endsWith)) {
        try {
          Thread.sleep(SLOW_GET_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return local.get(key);
    }

    @Override
    public boolean exists(String key) {
      return local.exists(key);
    }

    @Override
    public void delete(String key) {
      local.delete(key);
    }

    @Override
    public String location(String key) {
      return local.location(key);
    }
  }

  @Test
  void aSlowScoringPhaseKeepsHeartbeating() throws IOException {
    SlowReads storage = new SlowReads(dir);
    ArtifactStore store = new ArtifactStore(storage, null);
    TrainingActivitiesImpl activities = new TrainingActivitiesImpl(store, new DatasetLoader(store));
    DatasetRef wine = new DatasetRef("wine", store.put(Files.readAllBytes(WINE)));
    ModelSpec spec = TrainingActivitiesImplTest.classifier("logistic", Map.of(), 42);
    TrainResult trained = activities.train(new TrainRequest("run", wine, spec));
    String address = trained.artifactHash();
    storage.slow.add(address.substring(address.length() - 62)); // keys end with the hash's tail

    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      List<String> beats = Collections.synchronizedList(new ArrayList<>());
      env.setActivityHeartbeatListener(String.class, beats::add);
      env.registerActivitiesImplementations(activities);
      TrainingActivities stub =
          env.newActivityStub(
              TrainingActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .setHeartbeatTimeout(Duration.ofMillis(600))
                  .build());

      EvaluateResult result =
          stub.evaluate(new EvaluateRequest(wine, spec, trained.artifactHash(), null));

      assertThat(result.metrics()).containsKey("accuracy");
      // a beat at the start of the phase and more while it runs (every 200 ms, a third of the
      // timeout); the SDK throttles them to one per 480 ms, so a 2 s phase sends several
      assertThat(beats.stream().filter(b -> b.startsWith("scoring candidate")).count())
          .as("heartbeats during the slow scoring phase, of %s", beats)
          .isGreaterThanOrEqualTo(2);
    } finally {
      env.close();
    }
  }
}
