package dev.keel.engine;

import dev.keel.engine.cli.CommandLine;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.util.OptionalInt;

/**
 * Entry point of the Keel jar: {@code dev}, {@code server CONFIG}, {@code worker CONFIG}, {@code db
 * migrate CONFIG}, {@code token}, {@code audit verify CONFIG}, {@code bench}. The arguments are
 * checked by {@link CommandLine} first, so that help and usage mistakes read the same for every
 * command.
 */
public final class KeelMain {

  private KeelMain() {}

  public static void main(String[] args) throws Exception {
    KeelApplication application = new KeelApplication();
    OptionalInt done = commandLine(application).check(args, System.out, System.err);
    if (done.isPresent()) {
      System.exit(done.getAsInt());
    }
    application.run(args);
  }

  /** The command line of this application, with the same commands Dropwizard will run. */
  public static CommandLine commandLine(KeelApplication application) {
    Bootstrap<KeelConfiguration> bootstrap = new Bootstrap<>(application);
    bootstrap.addCommand(new ServerCommand<>(application));
    bootstrap.addCommand(new CheckCommand<>(application));
    application.initialize(bootstrap);
    return new CommandLine(System.getProperty("keel.program", "keel"), bootstrap.getCommands());
  }
}
