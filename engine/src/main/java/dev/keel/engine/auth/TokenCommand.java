package dev.keel.engine.auth;

import dev.keel.engine.cli.Console;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DataSourceFactory;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * {@code keel token create|list|revoke CONFIG.yml}: token administration straight on the database,
 * for the first administrator and for scripts. {@code create --user NAME [--role ROLE[@MODEL]]...
 * [--days N] [--serving MODEL]} creates the user when needed, grants the roles, and prints the new
 * token once.
 */
public final class TokenCommand extends ConfiguredCommand<KeelConfiguration> {

  private static final String ACTOR = "cli";

  public TokenCommand() {
    super(
        "token",
        "API tokens: 'token create --user NAME [--role ROLE[@MODEL]] [--days N] [--serving MODEL] "
            + "CONFIG.yml', 'token list CONFIG.yml', 'token revoke --id ID CONFIG.yml'");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("action").choices("create", "list", "revoke").help("what to do");
    subparser
        .addArgument("--user")
        .dest("user")
        .help("the user the token acts as (created when missing)");
    subparser
        .addArgument("--role")
        .dest("roles")
        .action(net.sourceforge.argparse4j.impl.Arguments.append())
        .help("a role to grant the user first, e.g. admin or operator@churn (repeatable)");
    subparser
        .addArgument("--days")
        .dest("days")
        .type(Integer.class)
        .setDefault(90)
        .help("lifetime in days");
    subparser.addArgument("--serving").dest("serving").help("make a serving token of this model");
    subparser.addArgument("--id").dest("id").help("the token to revoke");
    super.configure(subparser);
  }

  @Override
  protected void run(
      Bootstrap<KeelConfiguration> bootstrap, Namespace namespace, KeelConfiguration config) {
    DataSourceFactory db = config.getDatabase();
    Jdbi jdbi =
        Jdbi.create(db.getUrl(), db.getUser(), db.getPassword() == null ? "" : db.getPassword())
            .installPlugin(new SqlObjectPlugin());
    IdentityStore store = new IdentityStore(jdbi);
    switch (namespace.getString("action")) {
      case "create" -> create(store, namespace);
      case "revoke" -> {
        String id = require(namespace.getString("id"), "--id");
        store.revokeToken(id, ACTOR);
        Console.say("token %s revoked", id);
      }
      default ->
          store
              .tokens(namespace.getString("user"))
              .forEach(
                  t ->
                      Console.say(
                          "%s  %-20s %-8s %-12s expires %s%s",
                          t.id(),
                          t.user(),
                          t.kind(),
                          t.model() == null ? "" : t.model(),
                          t.expiresAt(),
                          t.revokedAt() == null ? "" : "  REVOKED " + t.revokedAt()));
    }
  }

  private static void create(IdentityStore store, Namespace namespace) {
    String user = require(namespace.getString("user"), "--user");
    store.createUserIfMissing(user, ACTOR);
    List<String> roles = namespace.getList("roles");
    if (roles != null) {
      for (String role : roles) {
        int at = role.indexOf('@');
        store.grant(
            user,
            at < 0 ? role : role.substring(0, at),
            at < 0 ? null : role.substring(at + 1),
            ACTOR);
      }
    }
    String serving = namespace.getString("serving");
    IdentityStore.NewToken token =
        store.issue(
            user,
            serving == null ? "user" : "serving",
            serving,
            namespace.getInt("days"),
            "issued with keel token create",
            ACTOR);
    Console.say(
        "token for %s (id %s, expires %s), shown once:", user, token.id(), token.expiresAt());
    Console.say("%s", token.token());
  }

  private static String require(String value, String flag) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(flag + " is required");
    }
    return value;
  }
}
