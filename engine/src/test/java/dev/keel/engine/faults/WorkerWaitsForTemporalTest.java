package dev.keel.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.KeelCluster;
import dev.keel.engine.TestStack;
import io.temporal.testserver.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker started before its Temporal frontend answers (a cluster coming up, a compose file whose
 * services start together) waits for it instead of exiting, and polls once it answers.
 */
@Tag("fault")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WorkerWaitsForTemporalTest {

  @TempDir Path dir;

  @Test
  void aWorkerStartedBeforeTemporalWaitsAndThenPolls() throws Exception {
    int port = TestStack.freePort();
    try (KeelCluster cluster = new KeelCluster(dir).temporalTarget("127.0.0.1:" + port)) {
      Process worker = cluster.startWorker("early", TestStack.freePort());
      long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (!cluster.log("early").contains("waiting for Temporal")
          && worker.isAlive()
          && System.nanoTime() < end) {
        Thread.sleep(200);
      }
      Thread.sleep(3_000); // a worker that gives up does so within its first attempts
      assertThat(worker.isAlive())
          .as("worker alive while Temporal is down; log:%n%s", cluster.log("early"))
          .isTrue();
      assertThat(cluster.log("early")).contains("waiting for Temporal at 127.0.0.1:" + port);

      TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(port);
      try {
        cluster.awaitWorkerPolling("early", worker, Duration.ofMinutes(2));
        assertThat(worker.isAlive()).isTrue();
      } finally {
        temporal.close();
      }
    }
  }
}
