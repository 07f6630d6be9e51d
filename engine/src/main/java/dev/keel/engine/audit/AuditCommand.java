package dev.keel.engine.audit;

import dev.keel.engine.cli.Console;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DataSourceFactory;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * {@code keel audit verify CONFIG.yml}: re-checks the audit log's hash chain; exits 1 when it is
 * broken.
 */
public final class AuditCommand extends ConfiguredCommand<KeelConfiguration> {

  public AuditCommand() {
    super("audit", "Audit log: 'audit verify CONFIG.yml' re-checks its hash chain");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("action").choices("verify").help("what to do: verify");
    super.configure(subparser);
  }

  @Override
  protected void run(
      Bootstrap<KeelConfiguration> bootstrap, Namespace namespace, KeelConfiguration config) {
    DataSourceFactory db = config.getDatabase();
    Jdbi jdbi =
        Jdbi.create(db.getUrl(), db.getUser(), db.getPassword() == null ? "" : db.getPassword())
            .installPlugin(new SqlObjectPlugin());
    AuditLog.Verification result = new AuditLog(jdbi).verify();
    if (result.intact()) {
      Console.say(
          "audit log intact: %d row(s) checked; head %s", result.rowsChecked(), result.headHash());
      return;
    }
    Console.say(
        "audit log BROKEN at row %d: %s (%d row(s) before it check out)",
        result.firstBadId(), result.problem(), result.rowsChecked());
    System.exit(1);
  }
}
