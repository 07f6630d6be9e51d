package dev.keel.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keel token} in a separate process against the engine's database, then the token used over
 * HTTP.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TokenCliTest {

  /**
   * Verified tokens are not cached here, so a revocation made in another process counts at once.
   */
  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.serverOnly(
          io.dropwizard.testing.ConfigOverride.config("auth.tokenCacheSeconds", "0"));

  @TempDir Path dir;

  String keel(String... args) throws Exception {
    Path yml = dir.resolve("keel.yml");
    Files.writeString(
        yml,
        String.join(
            "\n",
            "logging:",
            "  level: WARN",
            "database:",
            "  driverClass: org.postgresql.Driver",
            "  url: " + APP.getConfiguration().getDatabase().getUrl(),
            "  user: postgres",
            ""));
    Path log = dir.resolve("cli-" + System.nanoTime() + ".log");
    List<String> command = new java.util.ArrayList<>(List.of(args));
    command.add(yml.toString());
    Process cli = TestStack.keelProcess(log, command.toArray(String[]::new));
    assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log);
    assertThat(cli.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void anAdministratorMadeWithTheCliWorksOverHttpUntilRevokedWithTheCli() throws Exception {
    String created =
        keel("token", "create", "--user", "root-admin", "--role", "admin", "--days", "7");
    String token = created.lines().filter(l -> l.startsWith("keel_")).findFirst().orElseThrow();
    String id = token.substring(5, 21);

    Http http = Http.api(APP).as(token);
    assertThat(http.get("/v1/users").status()).isEqualTo(200);
    assertThat(http.get("/v1/me").json().path("roles").toString()).contains("admin");
    assertThat(keel("token", "list")).contains(id).contains("root-admin");

    keel("token", "revoke", "--id", id);
    Http.Response revoked = http.get("/v1/users");
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.message()).contains("revoked");
  }
}
