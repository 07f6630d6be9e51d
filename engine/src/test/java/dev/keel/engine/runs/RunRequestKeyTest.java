package dev.keel.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run's request key on the real PostgreSQL: only the key's own conflict returns the run that
 * holds it; any other database error while the run is recorded surfaces as itself.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RunRequestKeyTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();
  static Http http;

  @BeforeAll
  static void registerDataAndModel() {
    http = Http.api(APP);
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
    assertThat(
            http.postJson("/v1/models", PipelineApiTest.classifier("keys", "logistic", List.of()))
                .status())
        .isEqualTo(201);
  }

  static KeelApplication.Wired wired() {
    return APP.<KeelApplication>getApplication().wired();
  }

  @Test
  void aDatabaseErrorOtherThanTheKeysConflictSurfacesAsItself() {
    Jdbi jdbi = wired().jdbi();
    // stands in for any error of the insert that is not the key's conflict (a check, a lost
    // connection, ...)
    jdbi.useHandle(
        h ->
            h.execute(
                "ALTER TABLE runs ADD CONSTRAINT runs_test_refused_key CHECK (request_key IS DISTINCT FROM 'refused')"));
    try {
      assertThatThrownBy(() -> wired().runs().prepare("keys", "red", "refused", "tester"))
          .isInstanceOf(UnableToExecuteStatementException.class)
          .hasMessageContaining("runs_test_refused_key");

      Http.Response started =
          http.postJson(
              "/v1/models/keys/runs", Map.of("dataset", "red"), "Idempotency-Key", "refused");
      assertThat(started.status()).isEqualTo(500);
      assertThat(started.message()).startsWith("internal error, id ");
      assertThat(runsWithKey(jdbi, "refused")).isZero();
    } finally {
      jdbi.useHandle(h -> h.execute("ALTER TABLE runs DROP CONSTRAINT runs_test_refused_key"));
    }
  }

  @Test
  void aStartThatLosesTheRaceForItsKeyReturnsTheRunOfTheWinner() throws Exception {
    Jdbi jdbi = wired().jdbi();
    try (Handle winner = jdbi.open()) {
      winner.begin();
      winner.execute(
          """
          INSERT INTO runs (id, model_id, request_key, pipeline, dataset_name, dataset_version, spec, status)
          SELECT 'run-winner', m.id, 'raced', 'TrainingPipeline', 'red', v.version, '{}', 'RUNNING'
          FROM models m, dataset_versions v JOIN datasets d ON d.id = v.dataset_id
          WHERE m.name = 'keys' AND d.name = 'red'""");
      // the loser does not see the winner's row yet, and its insert waits for the winner's
      // transaction
      CompletableFuture<RunService.Prepared> loser =
          CompletableFuture.supplyAsync(
              () -> wired().runs().prepare("keys", "red", "raced", "tester"));
      awaitALockWait(jdbi, loser);
      winner.commit();

      RunService.Prepared prepared = loser.get(60, TimeUnit.SECONDS);
      assertThat(prepared.created()).isFalse();
      assertThat(prepared.row().id()).isEqualTo("run-winner");
    }
    assertThat(runsWithKey(jdbi, "raced")).isEqualTo(1);
  }

  private static int runsWithKey(Jdbi jdbi, String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT count(*) FROM runs WHERE request_key = :key")
                .bind("key", key)
                .mapTo(Integer.class)
                .one());
  }

  /**
   * Until a session of this database waits for a lock (the loser's insert on the key's unique
   * index).
   */
  private static void awaitALockWait(Jdbi jdbi, CompletableFuture<?> loser)
      throws InterruptedException {
    while (!loser.isDone()
        && jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM pg_stat_activity "
                                + "WHERE datname = current_database() AND wait_event_type = 'Lock'")
                        .mapTo(Integer.class)
                        .one())
            == 0) {
      Thread.sleep(20);
    }
  }
}
