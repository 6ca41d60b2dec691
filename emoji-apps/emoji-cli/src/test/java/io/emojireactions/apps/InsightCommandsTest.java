package io.emojireactions.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InsightCommandsTest {

  @Test
  void warehouseQueryAndAlertsAreSubcommandsOfEmoji() {
    assertThat(EmojiCli.commandLine().getSubcommands()).containsKeys("warehouse", "query", "alerts");
    assertThat(EmojiCli.commandLine().getSubcommands().get("query").getSubcommands()).containsKeys("top", "timeline");
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
  void demoPrintsSummaryLinesByDefaultEveryAggregateOnlyWithTheFlagAndRemindsEvery30Seconds() {
    DemoCommand demo = (DemoCommand) EmojiCli.commandLine().parseArgs("demo").subcommand().commandSpec().userObject();
    assertThat(demo.options().printAggregates()).isFalse();
    assertThat(demo.remindEvery()).isEqualTo(Duration.ofSeconds(30));
    DemoCommand verbose = (DemoCommand) EmojiCli.commandLine().parseArgs("demo", "--print-aggregates", "--remind-every", "0")
        .subcommand().commandSpec().userObject();
    assertThat(verbose.options().printAggregates()).isTrue();
    assertThat(verbose.remindEvery()).isZero();
    DemoCommand tooOften = (DemoCommand) EmojiCli.commandLine().parseArgs("demo", "--remind-every", "500ms")
        .subcommand().commandSpec().userObject();
    org.assertj.core.api.Assertions.assertThatThrownBy(tooOften::remindEvery).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--remind-every must be 0 (never) or >= 1s, but was PT0.5S");
  }
}
