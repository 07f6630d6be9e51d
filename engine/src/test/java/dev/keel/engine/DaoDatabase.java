package dev.keel.engine;

import dev.keel.engine.db.Migrations;
import io.dropwizard.jackson.Jackson;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.jackson2.Jackson2Config;
import org.jdbi.v3.jackson2.Jackson2Plugin;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * A fresh, migrated database on the test stack's real PostgreSQL, with the JDBI plugins the engine
 * installs (SqlObject, PostgreSQL types, Jackson for {@code @Json}): for DAO tests that need no
 * running application.
 */
public final class DaoDatabase {

  private DaoDatabase() {}

  public static Jdbi migrated() {
    Jdbi jdbi =
        Jdbi.create(TestStack.get().newDatabase(), "postgres", "")
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin())
            .installPlugin(new Jackson2Plugin());
    jdbi.getConfig(Jackson2Config.class).setMapper(Jackson.newObjectMapper());
    Migrations.migrate(jdbi);
    return jdbi;
  }
}
