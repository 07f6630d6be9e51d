package dev.keel.engine.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.TestStack;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Schema migrations against a real PostgreSQL. */
class MigrationsTest {

  @Test
  void appliesEveryMigrationOnceAndRefusesAnEditedOne() {
    Jdbi jdbi = Jdbi.create(TestStack.get().newDatabase(), "postgres", "");
    int scripts = Migrations.scripts().size();

    assertThat(Migrations.migrate(jdbi)).isEqualTo(scripts);
    assertThat(Migrations.migrate(jdbi)).isZero();
    int tables = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM information_schema.tables "
        + "WHERE table_name IN ('datasets', 'dataset_versions', 'models', 'runs', 'model_versions', 'model_aliases')")
        .mapTo(Integer.class).one());
    assertThat(tables).isEqualTo(6);

    jdbi.useHandle(h -> h.execute("UPDATE keel_schema_history SET checksum = 'sha256:edited' WHERE version = 1"));
    assertThatThrownBy(() -> Migrations.migrate(jdbi))
        .hasMessageContaining("migration V1 (registry) was changed after it was applied");
  }
}
