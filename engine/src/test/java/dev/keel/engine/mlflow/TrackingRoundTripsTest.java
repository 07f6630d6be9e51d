package dev.keel.engine.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.TestStack;
import dev.keel.engine.db.Migrations;
import dev.keel.engine.mlflow.MlflowRequests.MetricInput;
import dev.keel.engine.mlflow.MlflowViews.KeyValue;
import dev.keel.engine.mlflow.MlflowViews.Run;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hot tracking writes on a real PostgreSQL, counted in SQL statements: runs/create and a
 * metrics-only log-batch are one statement each, so their latency stays one round trip.
 */
class TrackingRoundTripsTest {

  static final AtomicInteger STATEMENTS = new AtomicInteger();
  static TrackingService tracking;
  static String experiment;

  @BeforeAll
  static void database() {
    Jdbi jdbi =
        Jdbi.create(TestStack.get().newDatabase(), "postgres", "")
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());
    Migrations.migrate(jdbi);
    jdbi.setSqlLogger(
        new SqlLogger() {
          @Override
          public void logAfterExecution(StatementContext context) {
            STATEMENTS.incrementAndGet();
          }

          @Override
          public void logException(StatementContext context, SQLException ex) {
            STATEMENTS.incrementAndGet();
          }
        });
    tracking = new TrackingService(jdbi);
    experiment = tracking.createExperiment("round-trips", null, List.of());
  }

  static int statements(Runnable call) {
    STATEMENTS.set(0);
    call.run();
    return STATEMENTS.get();
  }

  @Test
  void createRunIsOneStatementAndItsRetryFindsTheFirstRun() {
    List<KeyValue> tags = List.of(new KeyValue("team", "fraud"));
    Run[] first = new Run[1];
    assertThat(statements(() -> first[0] = tracking.createRun(experiment, "u", 42L, "r", tags)))
        .isEqualTo(1);
    Run[] again = new Run[1];
    // the insert that writes nothing, the first run, its data
    assertThat(statements(() -> again[0] = tracking.createRun(experiment, "u", 42L, "r", tags)))
        .isEqualTo(3);
    assertThat(again[0].info().runId()).isEqualTo(first[0].info().runId());
  }

  @Test
  void aMetricsOnlyLogBatchIsOneStatement() {
    String run = tracking.createRun(experiment, "u", null, null, List.of()).info().runId();
    List<MetricInput> metrics =
        List.of(new MetricInput("rmse", 0.5, 1L, 0L), new MetricInput("mae", 0.2, 1L, 0L));
    assertThat(statements(() -> tracking.logBatch(run, metrics, null, null))).isEqualTo(1);
    // with params and tags: the run's stage, then metrics, params and tags in one transaction
    assertThat(
            statements(
                () ->
                    tracking.logBatch(
                        run,
                        metrics,
                        List.of(new KeyValue("alpha", "0.1")),
                        List.of(new KeyValue("team", "risk")))))
        .isEqualTo(4);
    assertThat(tracking.run(run).data().metrics()).hasSize(2);
  }
}
