package dev.keel.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.engine.TestStack;
import dev.keel.engine.db.Migrations;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canary health shared by every engine through PostgreSQL (a real one), as two engines write and
 * read it.
 */
class ServingHealthTest {

  static Jdbi jdbi;

  @BeforeAll
  static void database() {
    jdbi = Jdbi.create(TestStack.get().newDatabase(), "postgres", "");
    jdbi.installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
    Migrations.migrate(jdbi);
    for (String model : List.of("spread", "window", "busy")) {
      jdbi.useHandle(
          h ->
              h.execute(
                  "INSERT INTO models (name, task, definition) VALUES (?, 'classification', "
                      + "'{}'::jsonb)",
                  model));
    }
  }

  @Test
  void aCheckCountsTheTrafficOfEveryEngine() {
    ServingHealth one = new ServingHealth(jdbi, 1000);
    ServingHealth two = new ServingHealth(jdbi, 1000);
    for (int i = 0; i < 30; i++) {
      one.record("spread", 2, 0.010, i < 2);
      one.record("spread", 1, 0.004, false);
    }
    for (int i = 0; i < 20; i++) {
      two.record("spread", 2, i < 19 ? 0.010 : 0.500, i == 0);
    }
    two.flush(); // the other engine's periodic flush

    Map<Integer, ServingHealth.VersionHealth> health = one.health("spread", Duration.ofMinutes(1));
    assertThat(health.get(2).requests()).isEqualTo(50);
    assertThat(health.get(2).errors()).isEqualTo(3);
    assertThat(health.get(1).requests()).isEqualTo(30);
    assertThat(health.get(1).errors()).isZero();
    // 49 of 50 took 10 ms: the p95 is their bucket's upper bound, at most a quarter above
    assertThat(health.get(2).p95LatencySeconds()).isBetween(0.010, 0.0125);
    assertThat(health.get(1).p95LatencySeconds()).isBetween(0.004, 0.005);
    assertThat(two.health("spread", Duration.ofMinutes(1)).get(2).requests())
        .as("seen from either engine")
        .isEqualTo(50);
  }

  @Test
  void bucketsOlderThanTheWindowDoNotCount() {
    ServingHealth engine = new ServingHealth(jdbi, 1000);
    OffsetDateTime old = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10);
    long[] histogram = new long[ServingHealth.BOUNDS.length + 1];
    histogram[ServingHealth.bucketOf(0.001)] = 100;
    jdbi.useExtension(
        ServingHealthDao.class,
        dao ->
            dao.add(
                List.of("window"),
                List.of(1),
                List.of(old),
                "engine-old",
                List.of(100L),
                List.of(100L),
                List.of(histogram)));
    engine.record("window", 1, 0.002, false);

    ServingHealth.VersionHealth recent = engine.health("window", Duration.ofMinutes(1)).get(1);
    assertThat(recent.requests()).isEqualTo(1);
    assertThat(recent.errors()).isZero();
    assertThat(engine.health("window", Duration.ofMinutes(30)).get(1).requests()).isEqualTo(101);
  }

  @Test
  void noCountIsLostWhileRequestsAndFlushesOverlap() throws Exception {
    ServingHealth engine = new ServingHealth(jdbi, 1000);
    AtomicBoolean recording = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> writers = new java.util.ArrayList<>();
    for (int t = 0; t < 3; t++) {
      writers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 5_000; i++) {
                  engine.record("busy", 1, 0.001, i % 100 == 0);
                }
              }));
    }
    Future<?> flusher =
        pool.submit(
            () -> {
              while (recording.get()) {
                engine.flush();
              }
            });
    for (Future<?> w : writers) {
      w.get();
    }
    recording.set(false);
    flusher.get();
    pool.shutdown();

    ServingHealth.VersionHealth busy = engine.health("busy", Duration.ofMinutes(1)).get(1);
    assertThat(busy.requests()).isEqualTo(15_000);
    assertThat(busy.errors()).isEqualTo(150);
    assertThat(busy.p95LatencySeconds()).isCloseTo(0.001, within(0.00025));
  }

  @Test
  void latencyBucketsCoverMicrosecondsToMinutes() {
    assertThat(ServingHealth.bucketOf(0)).isZero();
    assertThat(ServingHealth.bucketOf(600)).isEqualTo(ServingHealth.BOUNDS.length);
    for (int i = 1; i < ServingHealth.BOUNDS.length; i++) {
      assertThat(ServingHealth.BOUNDS[i] / ServingHealth.BOUNDS[i - 1])
          .isCloseTo(1.25, within(1e-9));
    }
    assertThat(ServingHealth.p95(new Long[] {0L, 0L, 0L})).isZero();
  }
}
