package io.emojireactions.apps;

import io.emojireactions.apps.internal.CliConfiguration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code emoji} command line: one entry point, one sub-command per app. Each sub-command is a
 * thin shell over a tested static builder in its own class.
 */
@Command(
    name = "emoji",
    mixinStandardHelpOptions = true,
    versionProvider = EmojiCli.Version.class,
    description = "Real-time emoji reaction aggregator on Apache Kafka and Apache Spark.",
    subcommands = {
      BrokerCommand.class,
      TopicsCommand.class,
      PipelineCommand.class,
      DebugCommand.class,
      FanoutCommand.class,
      SubscribeCommand.class,
      IngestCommand.class,
      SimulateCommand.class,
      DashboardCommand.class,
      DemoCommand.class,
      WarehouseCommand.class,
      QueryCommand.class,
      AlertsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EmojiCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The configured command line, for tests that run sub-commands in-process. Every option may also
   * come from the environment or the config file ({@link CliConfiguration}).
   */
  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /** As {@link #commandLine()}, with {@code environment} in place of the process environment. */
  public static CommandLine commandLine(Map<String, String> environment) {
    return CliConfiguration.install(new CommandLine(new EmojiCli()).setCaseInsensitiveEnumValuesAllowed(true), environment);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = EmojiCli.class.getPackage().getImplementationVersion();
      return new String[] {"emoji " + (version == null ? "development" : version)};
    }
  }
}
