package dev.keel.engine.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.TestStack;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Schema migrations (Flyway) against a real PostgreSQL, including databases that the old
 * hand-written runner set up.
 */
class MigrationsTest {

  @Test
  void appliesEveryMigrationOnceAndRefusesAnEditedOne() {
    Jdbi jdbi = fresh();
    int scripts = Migrations.scripts().size();

    assertThat(Migrations.migrate(jdbi)).isEqualTo(scripts);
    assertThat(Migrations.migrate(jdbi)).isZero();
    int tables =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM information_schema.tables "
                            + "WHERE table_name IN ('datasets', 'dataset_versions', 'models', 'runs', 'model_versions', 'model_aliases')")
                    .mapTo(Integer.class)
                    .one());
    assertThat(tables).isEqualTo(6);
    assertThat(flywayVersions(jdbi)).hasSize(scripts).last().isEqualTo(Integer.toString(latest()));
    assertThat(exists(jdbi, Migrations.LEGACY_TABLE)).isFalse();

    jdbi.useHandle(
        h -> h.execute("UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '1'"));
    assertThatThrownBy(() -> Migrations.migrate(jdbi))
        .hasMessageContaining("migration V1 (registry) was changed after it was applied");
  }

  @Test
  void enginesStartingTogetherApplyEachMigrationOnce() throws Exception {
    Jdbi jdbi = fresh();
    oldRunner(jdbi, 12, List.of());
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<Integer> a = pool.submit(() -> Migrations.migrate(jdbi));
      java.util.concurrent.Future<Integer> b = pool.submit(() -> Migrations.migrate(jdbi));
      int applied =
          a.get(2, java.util.concurrent.TimeUnit.MINUTES)
              + b.get(2, java.util.concurrent.TimeUnit.MINUTES);
      assertThat(applied).isEqualTo(Migrations.scripts().size() - 12);
    } finally {
      pool.shutdownNow();
    }
    assertThat(flywayVersions(jdbi)).first().isEqualTo("12");
  }

  @Test
  void aDatabaseOfTheOldRunnerAtV12IsUpgradedInPlaceKeepingItsData() {
    Jdbi jdbi = fresh();
    oldRunner(jdbi, 12, List.of());
    jdbi.useHandle(
        h -> h.execute("INSERT INTO datasets (name) VALUES ('kept-through-the-upgrade')"));

    int newer = (int) Migrations.scripts().stream().filter(s -> s.version() > 12).count();
    assertThat(Migrations.migrate(jdbi)).isEqualTo(newer);

    // V1..V12 were not run again (their CREATE TABLEs would have failed); V13.. were applied
    assertThat(exists(jdbi, "dataset_version_keys")).isTrue(); // V17
    List<String> names =
        jdbi.withHandle(h -> h.createQuery("SELECT name FROM datasets").mapTo(String.class).list());
    assertThat(names).containsExactly("kept-through-the-upgrade");
    List<String> history =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT version || ':' || type "
                            + "FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")
                    .mapTo(String.class)
                    .list());
    assertThat(history.get(0)).isEqualTo("12:BASELINE");
    assertThat(history).hasSize(1 + newer).last().isEqualTo(latest() + ":SQL");
    assertThat(Migrations.migrate(jdbi)).isZero();
  }

  @Test
  void aLowerMigrationTheOldRunnerHadNotAppliedYetIsAppliedBeforeTheBaseline() {
    Jdbi jdbi = fresh();
    oldRunner(
        jdbi,
        12,
        List.of(10)); // V10 came late from another branch; the old runner would still apply it

    Migrations.migrate(jdbi);

    boolean runLink =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) = 1 FROM information_schema.columns "
                            + "WHERE table_name = 'model_versions' AND column_name = 'run_link'")
                    .mapTo(Boolean.class)
                    .one());
    assertThat(runLink).isTrue(); // V10's column
    assertThat(exists(jdbi, "dataset_version_keys")).isTrue();
  }

  @Test
  void anEditedMigrationInTheOldRunnersHistoryStopsTheUpgrade() {
    Jdbi jdbi = fresh();
    oldRunner(jdbi, 12, List.of());
    jdbi.useHandle(
        h ->
            h.execute(
                "UPDATE keel_schema_history SET checksum = 'sha256:edited' WHERE version = 3"));

    assertThatThrownBy(() -> Migrations.migrate(jdbi))
        .hasMessageContaining("migration V3 (lifecycle) was changed after it was applied");
    assertThat(exists(jdbi, Migrations.FLYWAY_TABLE)).isFalse(); // nothing was baselined
  }

  @Test
  void aVersionThisKeelDoesNotHaveStopsTheUpgrade() {
    Jdbi jdbi = fresh();
    oldRunner(jdbi, 12, List.of());
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO keel_schema_history (version, description, checksum) VALUES (99, 'from the future', 'x')"));

    assertThatThrownBy(() -> Migrations.migrate(jdbi))
        .hasMessageContaining(
            "keel_schema_history records migration V99, which this Keel does not have");
  }

  @Test
  void tablesWithoutAnyHistoryAreRefused() {
    Jdbi jdbi = fresh();
    jdbi.useHandle(h -> h.execute("CREATE TABLE somebody_elses (id INT)"));

    assertThatThrownBy(() -> Migrations.migrate(jdbi))
        .hasMessageContaining("the database has tables but no schema history");
    assertThat(exists(jdbi, "datasets")).isFalse();
  }

  private static Jdbi fresh() {
    return Jdbi.create(TestStack.get().newDatabase(), "postgres", "");
  }

  /**
   * Sets the database up as Keel's earlier runner did: each script up to {@code upTo}, recorded
   * with its SHA-256.
   */
  private static void oldRunner(Jdbi jdbi, int upTo, List<Integer> skipped) {
    jdbi.useHandle(
        handle -> {
          handle.execute(
              """
          CREATE TABLE IF NOT EXISTS keel_schema_history (
            version INT PRIMARY KEY, description TEXT NOT NULL, checksum TEXT NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now())""");
          for (Migrations.Script script : Migrations.scripts()) {
            if (script.version() > upTo || skipped.contains(script.version())) {
              continue;
            }
            handle.useTransaction(
                tx -> {
                  tx.createScript(script.sql()).execute();
                  tx.execute(
                      "INSERT INTO keel_schema_history (version, description, checksum) VALUES (?, ?, ?)",
                      script.version(),
                      script.description(),
                      script.checksum());
                });
          }
        });
  }

  private static List<String> flywayVersions(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank")
                .mapTo(String.class)
                .list());
  }

  private static boolean exists(Jdbi jdbi, String table) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT to_regclass(:t) IS NOT NULL")
                .bind("t", table)
                .mapTo(Boolean.class)
                .one());
  }

  private static int latest() {
    List<Migrations.Script> scripts = Migrations.scripts();
    return scripts.get(scripts.size() - 1).version();
  }
}
