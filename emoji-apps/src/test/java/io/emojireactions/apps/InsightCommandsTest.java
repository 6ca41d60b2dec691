package io.emojireactions.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.apps.alerts.AlertsService;
import io.emojireactions.apps.query.WarehouseQueries;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class InsightCommandsTest {

  @Test
  void warehouseQueryAndAlertsAreSubcommandsOfEmoji() {
    assertThat(EmojiCli.commandLine().getSubcommands()).containsKeys("warehouse", "query", "alerts");
    assertThat(EmojiCli.commandLine().getSubcommands().get("query").getSubcommands()).containsKeys("top", "timeline");
  }

  @Test
  void warehouseDefaultsMatchTheContract() {
    CommandLine cli = EmojiCli.commandLine();
    CommandLine.ParseResult parsed = cli.parseArgs("warehouse", "--bootstrap-servers", "127.0.0.1:9092");
    WarehouseCommand command = (WarehouseCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(command.topic).isEqualTo("emoji_main_publisher");
    assertThat(command.group).isEqualTo("emoji-warehouse");
    assertThat(command.jdbcUrl).isNull();
    assertThat(command.pgPort).isEqualTo(5433);
  }

  @Test
  void queryJdbcUrlDefaultsToTheEmbeddedWarehouse() {
    CommandLine.ParseResult parsed = EmojiCli.commandLine().parseArgs("query", "top", "--room", "r", "--last", "10m");
    QueryCommand query = (QueryCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(query.jdbcUrl).isEqualTo(WarehouseCommand.DEFAULT_JDBC_URL);
  }

  @Test
  void alertsConfigRejectsTheSourceTopicAsAlertTopic() {
    CommandLine.ParseResult parsed = EmojiCli.commandLine().parseArgs(
        "alerts", "--bootstrap-servers", "127.0.0.1:9092", "--alert-topic", "emoji_main_publisher");
    AlertsCommand command = (AlertsCommand) parsed.subcommand().commandSpec().userObject();
    assertThatThrownBy(command::config).hasMessage("alertTopic must differ from topic, but both were 'emoji_main_publisher'");
  }

  @Test
  void alertsOptionsReachTheRule() {
    CommandLine.ParseResult parsed = EmojiCli.commandLine().parseArgs(
        "alerts", "--bootstrap-servers", "127.0.0.1:9092", "--z", "4", "--min-count", "50", "--cooldown", "1m");
    AlertsService.Config config = ((AlertsCommand) parsed.subcommand().commandSpec().userObject()).config();
    assertThat(config.alertTopic()).isEqualTo("emoji_alerts");
    assertThat(config.rules().zThreshold()).isEqualTo(4.0);
    assertThat(config.rules().minCount()).isEqualTo(50);
    assertThat(config.rules().cooldown()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void spansParseShortAndIsoForms() {
    assertThat(WarehouseQueries.parseSpan("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(WarehouseQueries.parseSpan("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(WarehouseQueries.parseSpan("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(WarehouseQueries.parseSpan("PT90S")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> WarehouseQueries.parseSpan("0m")).hasMessageContaining("but was '0m'");
    assertThatThrownBy(() -> WarehouseQueries.parseSpan("5y")).hasMessageContaining("but was '5y'");
  }

  @Test
  void demoBurstsEveryMinuteByDefaultAndZeroMeansSteadyTraffic() {
    DemoCommand demo = (DemoCommand) EmojiCli.commandLine().parseArgs("demo").subcommand().commandSpec().userObject();
    assertThat(demo.options().burstEvery()).isEqualTo(Duration.ofSeconds(60));
    DemoCommand steady = (DemoCommand) EmojiCli.commandLine().parseArgs("demo", "--burst-every", "0").subcommand().commandSpec().userObject();
    assertThat(steady.options().burstEvery()).isZero();
    DemoCommand tooShort = (DemoCommand) EmojiCli.commandLine().parseArgs("demo", "--burst-every", "500ms").subcommand().commandSpec().userObject();
    assertThatThrownBy(tooShort::options).hasMessage("burstEvery must be 0 or >= 1s, but was PT0.5S");
  }

  @Test
  void dashboardFollowsEmojiAlertsByDefaultAndAnEmptyAlertTopicTurnsBannersOff() {
    DashboardCommand dashboard = (DashboardCommand) EmojiCli.commandLine().parseArgs("dashboard", "--bootstrap-servers", "127.0.0.1:9092")
        .subcommand().commandSpec().userObject();
    assertThat(dashboard.config().alertTopic()).isEqualTo("emoji_alerts");
    DashboardCommand none = (DashboardCommand) EmojiCli.commandLine().parseArgs("dashboard", "--bootstrap-servers", "127.0.0.1:9092",
        "--alert-topic", "").subcommand().commandSpec().userObject();
    assertThat(none.config().alertTopic()).isNull();
  }

  @Test
  void pipelineAddsTheSentimentScoreOnlyOnRequest() {
    PipelineCommand plain = (PipelineCommand) EmojiCli.commandLine().parseArgs("pipeline", "--bootstrap-servers", "127.0.0.1:9092")
        .subcommand().commandSpec().userObject();
    assertThat(plain.sentiment).as("the output contract stays byte-identical by default").isFalse();
    PipelineCommand scored = (PipelineCommand) EmojiCli.commandLine().parseArgs("pipeline", "--bootstrap-servers", "127.0.0.1:9092",
        "--sentiment").subcommand().commandSpec().userObject();
    assertThat(scored.sentiment).isTrue();
  }
}
