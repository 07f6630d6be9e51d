package dev.keel.engine.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.DaoDatabase;
import dev.keel.ml.data.DatasetProfile;
import dev.keel.workflows.contract.ColumnSpec;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DatasetDao} on a real PostgreSQL: datasets, their content-addressed versions and the
 * versions' keys.
 */
class DatasetDaoTest {

  static final String V1 = "sha256:" + "1".repeat(64);
  static final String V2 = "sha256:" + "2".repeat(64);
  static final List<ColumnSpec> COLUMNS =
      List.of(
          new ColumnSpec("age", ColumnSpec.NUMERIC),
          new ColumnSpec("plan", ColumnSpec.CATEGORICAL));

  Jdbi jdbi;
  DatasetDao dao;

  @BeforeEach
  void database() {
    jdbi = DaoDatabase.migrated();
    dao = jdbi.onDemand(DatasetDao.class);
  }

  @Test
  void aVersionIsStoredOnceWithItsSchemaAndProfile() {
    assertThat(dao.exists("churn")).isFalse();
    dao.ensureDataset("churn");
    dao.ensureDataset("churn");
    assertThat(dao.exists("churn")).isTrue();

    assertThat(
            dao.insertVersion(
                "churn", V1, 120, COLUMNS, new DatasetProfile(120, List.of()), "upload", 4096))
        .isEqualTo(1);
    assertThat(
            dao.insertVersion(
                "churn", V1, 999, List.of(), new DatasetProfile(999, List.of()), "again", 1))
        .as("the same content again")
        .isZero();

    DatasetVersionRow row = dao.findVersion("churn", V1).orElseThrow();
    assertThat(row.name()).isEqualTo("churn");
    assertThat(row.rowCount()).as("the first row stays").isEqualTo(120);
    assertThat(row.columns()).isEqualTo(COLUMNS);
    assertThat(row.profile().rows()).isEqualTo(120);
    assertThat(row.source()).isEqualTo("upload");
    assertThat(row.sizeBytes()).isEqualTo(4096);
    assertThat(dao.findVersion("churn", V2)).isEmpty();
    assertThat(dao.findVersion("other", V1)).isEmpty();
  }

  @Test
  void versionsAreListedNewestFirstAndOldestFirstForAnErasure() throws InterruptedException {
    dao.ensureDataset("churn");
    dao.ensureDataset("fraud");
    dao.insertVersion("churn", V1, 1, COLUMNS, new DatasetProfile(1, List.of()), "a", 1);
    Thread.sleep(5); // created_at orders the versions
    dao.insertVersion("churn", V2, 2, COLUMNS, new DatasetProfile(2, List.of()), "b", 1);
    dao.insertVersion("fraud", V1, 1, COLUMNS, new DatasetProfile(1, List.of()), "c", 1);

    assertThat(dao.latestVersion("churn").orElseThrow().version()).isEqualTo(V2);
    assertThat(dao.listVersions("churn"))
        .extracting(DatasetVersionRow::version)
        .containsExactly(V2, V1);
    assertThat(dao.versionsOldestFirst("churn")).containsExactly(V1, V2);
    assertThat(dao.versionsOldestFirst("fraud")).containsExactly(V1);
    assertThat(dao.latestVersion("none")).isEmpty();
    assertThat(dao.listNames()).containsExactly("churn", "fraud");
  }

  @Test
  void aVersionsKeyIsRecordedOnceAndItsFirstDestructionStays() {
    byte[] sealed = {1, 2, 3};
    dao.recordKey(V1, "key-1", sealed);
    dao.recordKey(V1, "key-2", new byte[] {9});
    String keyId =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT key_id FROM dataset_version_keys WHERE version = :v")
                    .bind("v", V1)
                    .mapTo(String.class)
                    .one());
    assertThat(keyId).as("a version stored again keeps its first key").isEqualTo("key-1");
    assertThat(dao.destroyedKey(V1)).isEmpty();

    dao.destroyKey(V1, "erasure-a");
    DatasetDao.DestroyedKey destroyed = dao.destroyedKey(V1).orElseThrow();
    assertThat(destroyed.destroyedBy()).isEqualTo("erasure-a");
    byte[] wrapped =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT wrapped_key FROM dataset_version_keys " + "WHERE version = :v")
                    .bind("v", V1)
                    .mapTo(byte[].class)
                    .one());
    assertThat(wrapped).as("the sealed key is wiped").isNull();

    dao.destroyKey(V1, "erasure-b");
    assertThat(dao.destroyedKey(V1).orElseThrow())
        .as("destroying again changes nothing")
        .isEqualTo(destroyed);

    dao.destroyKey(V2, "erasure-b");
    assertThat(dao.destroyedKey(V2).orElseThrow().destroyedBy())
        .as("a version stored without encryption")
        .isEqualTo("erasure-b");
    dao.recordKey(V2, "key-3", sealed);
    assertThat(dao.destroyedKey(V2))
        .as("recording later does not bring a destroyed key back")
        .isPresent();
  }
}
