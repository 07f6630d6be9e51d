package dev.keel.engine.cli;

import dev.keel.engine.api.Suggestions;
import io.dropwizard.core.cli.Command;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.helper.HelpScreenException;
import net.sourceforge.argparse4j.inf.Argument;
import net.sourceforge.argparse4j.inf.ArgumentAction;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/**
 * Keel's command line before Dropwizard sees it: {@code keel}, {@code keel --help} and {@code keel
 * COMMAND --help} list the commands and their flags one line each, and an unknown command or flag
 * is a one-line error that names it, with exit code 2. Dropwizard's own parser prints its whole
 * usage on any mistake and exits 1; it only ever sees arguments that parsed here.
 */
public final class CommandLine {

  /** Exit code of a usage mistake (as in most Unix tools). */
  public static final int USAGE = 2;

  /**
   * How each command is called and what it does, for the overview; the launcher's own {@code test}
   * comes last.
   */
  private static final Map<String, String[]> SYNOPSES = new LinkedHashMap<>();

  static {
    SYNOPSES.put(
        "dev",
        new String[] {
          "dev [--demo] [--port P] [--data-dir D] [--allow-dir DIR]...",
          "everything in one process: embedded PostgreSQL and Temporal, the API, the workers"
        });
    SYNOPSES.put(
        "server",
        new String[] {
          "server CONFIG.yml",
          "the engine (API, serving, control worker) against external PostgreSQL and Temporal"
        });
    SYNOPSES.put(
        "worker", new String[] {"worker CONFIG.yml", "a worker: pipelines and compute activities"});
    SYNOPSES.put("db", new String[] {"db migrate CONFIG.yml", "apply pending schema migrations"});
    SYNOPSES.put(
        "token", new String[] {"token create|list|revoke CONFIG.yml", "administer API tokens"});
    SYNOPSES.put(
        "audit", new String[] {"audit verify CONFIG.yml", "re-check the audit log's hash chain"});
    SYNOPSES.put(
        "bench", new String[] {"bench [--only SECTION]", "print Keel's benchmark figures"});
    SYNOPSES.put(
        "check", new String[] {"check CONFIG.yml", "parse and validate a configuration file"});
  }

  /**
   * The launcher's command that runs the test suite; handled by {@code ./keel} itself, listed here.
   */
  private static final String TEST = "test";

  private static final String TEST_HELP =
      "the whole test suite (alert rules with promtool, then mvn verify)";

  /**
   * {@code --help}: stops parsing with the parser whose help to print (argparse4j's own prints to
   * System.out).
   */
  private static final ArgumentAction HELP =
      new ArgumentAction() {
        @Override
        public void run(
            ArgumentParser parser,
            Argument arg,
            Map<String, Object> attrs,
            String flag,
            Object value)
            throws ArgumentParserException {
          throw new HelpScreenException(parser);
        }

        @Override
        public void onAttach(Argument arg) {}

        @Override
        public boolean consumeArgument() {
          return false;
        }
      };

  private final String program;
  private final Map<String, Command> commands = new LinkedHashMap<>();
  private final ArgumentParser parser;

  /**
   * @param program how the user called Keel, for the messages ({@code ./keel})
   * @param commands the commands the application registered, Dropwizard's own included
   */
  public CommandLine(String program, List<Command> commands) {
    this.program = program;
    this.parser =
        ArgumentParsers.newFor(program)
            .addHelp(false)
            .terminalWidthDetection(false)
            .defaultFormatWidth(140)
            .build();
    Subparsers subparsers = parser.addSubparsers().dest("command").metavar("COMMAND");
    for (Command command : ordered(commands)) {
      this.commands.put(command.getName(), command);
      Subparser sub =
          subparsers
              .addParser(command.getName(), false)
              .help(command.getDescription())
              .description(command.getDescription());
      command.configure(sub);
      sub.addArgument("-h", "--help").action(HELP).help("show this help and exit");
    }
  }

  /**
   * Checks the arguments: empty when Dropwizard should run them; otherwise what was printed ended
   * the call, with this exit code (0 for help, {@link #USAGE} for a mistake).
   */
  public OptionalInt check(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || isHelp(args[0])) {
      out.print(overview());
      return OptionalInt.of(0);
    }
    if (args[0].equals("-v") || args[0].equals("--version")) {
      return OptionalInt.empty();
    }
    if (!commands.containsKey(args[0])) {
      err.println(
          program
              + ": unknown command '"
              + args[0]
              + "'"
              + suggestion(args[0])
              + "; commands: "
              + String.join(", ", names())
              + " (see "
              + program
              + " --help)");
      return OptionalInt.of(USAGE);
    }
    try {
      parser.parseArgs(args);
      return OptionalInt.empty();
    } catch (HelpScreenException help) {
      out.print(help.getParser().formatHelp());
      return OptionalInt.of(0);
    } catch (ArgumentParserException e) {
      err.println(
          program
              + " "
              + args[0]
              + ": "
              + e.getMessage()
              + " (see "
              + program
              + " "
              + args[0]
              + " --help)");
      return OptionalInt.of(USAGE);
    }
  }

  /** Every command with one line saying what it does, and how to see its flags. */
  public String overview() {
    StringBuilder text = new StringBuilder();
    text.append("Keel: the life of a machine-learning model as durable workflows\n\n");
    text.append("usage: ").append(program).append(" COMMAND [FLAGS]\n\ncommands:\n");
    List<String[]> rows = new ArrayList<>();
    for (Command command : commands.values()) {
      rows.add(
          SYNOPSES.getOrDefault(
              command.getName(), new String[] {command.getName(), command.getDescription()}));
    }
    rows.add(new String[] {TEST, TEST_HELP});
    int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    for (String[] row : rows) {
      text.append(String.format("  %-" + width + "s  %s%n", row[0], row[1]));
    }
    text.append("\n")
        .append(program)
        .append(" COMMAND --help lists a command's flags; ")
        .append(program)
        .append(" --version prints the version.\n");
    return text.toString();
  }

  private List<String> names() {
    List<String> names = new ArrayList<>(commands.keySet());
    names.add(TEST);
    return names;
  }

  private String suggestion(String typed) {
    return Suggestions.closest(typed, names()).map(n -> " (did you mean '" + n + "'?)").orElse("");
  }

  private static boolean isHelp(String arg) {
    return arg.equals("-h") || arg.equals("--help") || arg.equals("help");
  }

  /** The overview's order: the commands a user starts with first, then the rest as registered. */
  private static List<Command> ordered(List<Command> commands) {
    List<String> order = new ArrayList<>(SYNOPSES.keySet());
    List<Command> sorted = new ArrayList<>(commands);
    sorted.sort((a, b) -> Integer.compare(rank(order, a.getName()), rank(order, b.getName())));
    return sorted;
  }

  private static int rank(List<String> order, String name) {
    int i = order.indexOf(name);
    return i < 0 ? order.size() : i;
  }

  /** For tests and messages: the commands known here, the launcher's {@code test} included. */
  public List<String> commandNames() {
    return List.copyOf(names());
  }
}
