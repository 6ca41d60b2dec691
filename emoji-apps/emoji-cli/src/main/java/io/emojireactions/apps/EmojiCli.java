package io.emojireactions.apps;

import io.emojireactions.apps.alerts.AlertsCommand;
import io.emojireactions.apps.dashboard.DashboardCommand;
import io.emojireactions.apps.ingest.IngestCommand;
import io.emojireactions.apps.internal.CliConfiguration;
import io.emojireactions.apps.internal.CommandLines;
import io.emojireactions.apps.pipeline.DebugCommand;
import io.emojireactions.apps.pipeline.PipelineCommand;
import io.emojireactions.apps.pubsub.FanoutCommand;
import io.emojireactions.apps.pubsub.SubscribeCommand;
import io.emojireactions.apps.pubsub.TopicsCommand;
import io.emojireactions.apps.query.QueryCommand;
import io.emojireactions.apps.simulate.SimulateCommand;
import io.emojireactions.apps.warehouse.WarehouseCommand;
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
    return CommandLines.configure(new CommandLine(new EmojiCli()), environment);
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
