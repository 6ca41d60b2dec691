package io.emojireactions.apps.internal;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * How every command line of the applications is set up, in one place: {@code bin/emoji}'s, the
 * spark-submit jar's, and the ones tests build around a few sub-commands.
 */
public final class CommandLines {

  private CommandLines() {}

  /**
   * Applies the shared settings to {@code root}, once every sub-command is added: case-insensitive
   * enum values, and every option also from the environment or a config file
   * ({@link CliConfiguration}).
   *
   * @param environment the process environment ({@link System#getenv()} outside tests)
   * @return {@code root}
   */
  public static CommandLine configure(CommandLine root, Map<String, String> environment) {
    return CliConfiguration.install(root.setCaseInsensitiveEnumValuesAllowed(true), environment, true);
  }

  /**
   * An {@code emoji} command line with just {@code subcommands} (command objects annotated with
   * {@code @Command}), set up as {@code bin/emoji}'s: {@code of(new FanoutCommand()).execute("fanout", ...)}.
   * A config file may hold keys of commands this line lacks (one file serves every application);
   * a key qualified by one of its own commands must still name an option.
   */
  public static CommandLine of(Object... subcommands) {
    CommandLine cli = new CommandLine(new Root());
    for (Object subcommand : subcommands) {
      cli.addSubcommand(subcommand);
    }
    // Only some of the commands: a shared config file may hold keys of the others.
    return CliConfiguration.install(cli.setCaseInsensitiveEnumValuesAllowed(true), System.getenv(), false);
  }

  /**
   * Runs {@code command} as a program of its own and exits with its exit code: the {@code main}
   * of each application, so that one can be deployed without the rest of {@code bin/emoji}.
   */
  public static void exit(Object command, String... args) {
    CommandLine cli = of(command);
    // Under the emoji root, so that the environment names are those of bin/emoji (EMOJI_INGEST_PORT).
    String name = cli.getSubcommands().keySet().iterator().next();
    String[] withName = new String[args.length + 1];
    withName[0] = name;
    System.arraycopy(args, 0, withName, 1, args.length);
    System.exit(cli.execute(withName));
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
