package io.emojireactions.apps.internal;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * How every command line of the applications is set up, in one place: {@code bin/emoji}'s, the
 * spark-submit jar's, and the ones tests build around a few sub-commands.
 */
public final class CommandLines {

  private CommandLines() {}

  /** Applies the shared settings (case-insensitive enum values) to {@code cli} and returns it. */
  public static CommandLine configure(CommandLine cli) {
    return cli.setCaseInsensitiveEnumValuesAllowed(true);
  }

  /**
   * An {@code emoji} command line with just {@code subcommands} (command objects annotated with
   * {@code @Command}), set up as {@code bin/emoji}'s: {@code of(new FanoutCommand()).execute("fanout", ...)}.
   */
  public static CommandLine of(Object... subcommands) {
    CommandLine cli = new CommandLine(new Root());
    for (Object subcommand : subcommands) {
      cli.addSubcommand(subcommand);
    }
    return configure(cli);
  }

  /**
   * Runs {@code command} as a program of its own and exits with its exit code: the {@code main}
   * of each application, so that one can be deployed without the rest of {@code bin/emoji}.
   */
  public static void exit(Object command, String... args) {
    System.exit(configure(new CommandLine(command)).execute(args));
  }

  @Command(name = "emoji", mixinStandardHelpOptions = true)
  static final class Root implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }
}
