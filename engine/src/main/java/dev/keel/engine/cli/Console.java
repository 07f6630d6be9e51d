package dev.keel.engine.cli;

import java.io.PrintStream;

/**
 * What Keel's commands print for the person at the terminal (where things are, demo progress,
 * benchmark figures). Logs go through SLF4J; this is the one place that writes to standard output.
 */
public final class Console {

  private static final PrintStream OUT = System.out;

  private Console() {}

  public static void say(String line) {
    OUT.println(line);
    OUT.flush();
  }

  public static void say(String format, Object... args) {
    say(String.format(java.util.Locale.ROOT, format, args));
  }
}
