package io.emojireactions.apps.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.apps.internal.CommandLines;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The alerts command's options. */
class AlertsCommandTest {

  @Test
  void alertsConfigRejectsTheSourceTopicAsAlertTopic() {
    CommandLine.ParseResult parsed = CommandLines.of(new AlertsCommand()).parseArgs(
        "alerts", "--bootstrap-servers", "127.0.0.1:9092", "--alert-topic", "emoji_main_publisher");
    AlertsCommand command = (AlertsCommand) parsed.subcommand().commandSpec().userObject();
    assertThatThrownBy(command::config).hasMessage("alertTopic must differ from topic, but both were 'emoji_main_publisher'");
  }

  @Test
  void alertsOptionsReachTheRule() {
    CommandLine.ParseResult parsed = CommandLines.of(new AlertsCommand()).parseArgs(
        "alerts", "--bootstrap-servers", "127.0.0.1:9092", "--z", "4", "--min-count", "50", "--cooldown", "1m");
    AlertsService.Config config = ((AlertsCommand) parsed.subcommand().commandSpec().userObject()).config();
    assertThat(config.alertTopic()).isEqualTo("emoji_alerts");
    assertThat(config.rules().zThreshold()).isEqualTo(4.0);
    assertThat(config.rules().minCount()).isEqualTo(50);
    assertThat(config.rules().cooldown()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theAlertTopicIsCompactedWithOnePartitionAndTheBrokersReplicationUnlessReplicationIsGiven() {
    AlertsService.Config defaults = ((AlertsCommand) CommandLines.of(new AlertsCommand())
        .parseArgs("alerts", "--bootstrap-servers", "127.0.0.1:9092").subcommand().commandSpec().userObject()).config();
    assertThat(defaults.alertTopicSettings().partitions()).hasValue(1);
    assertThat(defaults.alertTopicSettings().replicationFactor()).isEmpty();
    assertThat(defaults.alertTopicSettings().configs()).containsEntry("cleanup.policy", "compact");
    AlertsService.Config replicated = ((AlertsCommand) CommandLines.of(new AlertsCommand())
        .parseArgs("alerts", "--bootstrap-servers", "127.0.0.1:9092", "--replication", "3").subcommand().commandSpec().userObject()).config();
    assertThat(replicated.alertTopicSettings().replicationFactor()).hasValue(3);
    assertThat(replicated.alertTopicSettings().configs()).containsEntry("cleanup.policy", "compact");
  }
}
