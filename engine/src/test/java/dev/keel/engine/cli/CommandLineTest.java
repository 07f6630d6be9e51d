package dev.keel.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.KeelApplication;
import dev.keel.engine.KeelMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line as a user meets it: the overview, each command's flags, and one-line usage
 * errors with exit 2.
 */
class CommandLineTest {

  /** What one call printed and how it ended (empty: Dropwizard would run the command). */
  record Outcome(OptionalInt exit, String out, String err) {}

  static Outcome call(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    OptionalInt exit =
        KeelMain.commandLine(new KeelApplication())
            .check(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "--help", "-h", "help"})
  void theOverviewListsEveryCommandOneLineEach(String arg) {
    Outcome o = arg.isEmpty() ? call() : call(arg);
    assertThat(o.exit()).hasValue(0);
    for (String command :
        List.of(
            "dev", "server", "worker", "db migrate", "token", "audit verify", "bench", "test")) {
      assertThat(o.out()).containsPattern("(?m)^  " + command + "\\b.* {2,}\\S");
    }
    assertThat(o.err()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "dev, --allow-dir DIR",
    "dev, --data-dir DIR",
    "dev, --demo",
    "bench, --only",
    "token, --user",
    "db, {migrate}",
    "audit, {verify}",
    "worker, file"
  })
  void eachCommandListsItsFlags(String command, String flag) {
    Outcome o = call(command, "--help");
    assertThat(o.exit()).hasValue(0);
    assertThat(o.out())
        .startsWith("usage: keel " + command)
        .containsPattern("(?m)^  " + java.util.regex.Pattern.quote(flag) + " +\\S");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "dve            | unknown command 'dve' (did you mean 'dev'?)",
        "frobnicate     | unknown command 'frobnicate'; commands: dev, server",
        "dev --bogus    | dev: unrecognized arguments: '--bogus'",
        "db vacuum      | db: argument action: invalid choice: 'vacuum'",
        "dev --port x   | dev: argument --port: could not convert 'x'"
      })
  void mistakesAreOneLineErrorsWithExitTwo(String args, String message) {
    Outcome o = call(args.trim().split(" +"));
    assertThat(o.exit()).hasValue(CommandLine.USAGE);
    assertThat(o.err()).startsWith("keel").contains(message.trim()).containsOnlyOnce("\n");
    assertThat(o.out()).isEmpty();
  }

  @Test
  void aMissingDirectoryForAllowDirIsAUsageError() {
    Outcome o = call("dev", "--allow-dir", "/no/such/directory");
    assertThat(o.exit()).hasValue(CommandLine.USAGE);
    assertThat(o.err()).contains("--allow-dir").contains("/no/such/directory");
  }

  @Test
  void wellFormedCommandsAreLeftToDropwizard() {
    assertThat(call("dev", "--demo", "--port", "9000").exit()).isEmpty();
    assertThat(call("db", "migrate", "keel.yml").exit()).isEmpty();
    assertThat(call("--version").exit()).isEmpty();
  }

  @Test
  void theLaunchersTestCommandHasHelpAndRefusesArguments()
      throws IOException, InterruptedException {
    Path launcher = Path.of("..", "keel").toAbsolutePath().normalize();
    Process help =
        new ProcessBuilder("bash", launcher.toString(), "test", "--help")
            .redirectErrorStream(true)
            .start();
    String helpText = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).isZero();
    assertThat(helpText).startsWith("usage: ./keel test");

    Process wrong =
        new ProcessBuilder("bash", launcher.toString(), "test", "--fast")
            .redirectErrorStream(true)
            .start();
    String wrongText = new String(wrong.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(wrong.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(wrong.exitValue()).isEqualTo(CommandLine.USAGE);
    assertThat(wrongText).contains("unknown argument '--fast'").containsOnlyOnce("\n");
  }
}
