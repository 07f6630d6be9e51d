package dev.keel.engine.db;

import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.jackson2.Jackson2Config;
import org.jdbi.v3.jackson2.Jackson2Plugin;
import org.jdbi.v3.postgres.PostgresPlugin;

/** The engine's PostgreSQL store, with the schema migrated to the newest version. */
public final class Database {

  private Database() {}

  /**
   * Opens the configured database (pooled and health-checked by Dropwizard) and applies pending
   * migrations.
   */
  public static Jdbi open(KeelConfiguration config, Environment env) {
    Jdbi jdbi = new JdbiFactory().build(env, config.getDatabase(), "postgresql");
    jdbi.installPlugin(new PostgresPlugin());
    jdbi.installPlugin(new Jackson2Plugin());
    jdbi.getConfig(Jackson2Config.class).setMapper(env.getObjectMapper());
    Migrations.migrate(jdbi);
    return jdbi;
  }
}
