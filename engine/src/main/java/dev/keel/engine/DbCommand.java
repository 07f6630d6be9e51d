package dev.keel.engine;

import dev.keel.engine.cli.Console;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.db.Migrations;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DataSourceFactory;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code keel db migrate CONFIG.yml}: applies pending schema migrations to the configured
 * PostgreSQL.
 */
final class DbCommand extends ConfiguredCommand<KeelConfiguration> {

  DbCommand() {
    super("db", "Database maintenance: 'db migrate CONFIG.yml' applies pending schema migrations");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("action").choices("migrate").help("what to do: migrate");
    super.configure(subparser);
  }

  @Override
  protected void run(
      Bootstrap<KeelConfiguration> bootstrap, Namespace namespace, KeelConfiguration config) {
    DataSourceFactory db = config.getDatabase();
    Jdbi jdbi =
        Jdbi.create(db.getUrl(), db.getUser(), db.getPassword() == null ? "" : db.getPassword());
    int applied = Migrations.migrate(jdbi);
    Console.say("%d migration(s) applied; schema is at V%d", applied, Migrations.scripts().size());
  }
}
