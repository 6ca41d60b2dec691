package io.emojireactions.apps;

import static org.assertj.core.api.Assertions.assertThat;

import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** The assembled command line: every application is there, with the shared flags. */
class EmojiCliTest {

  @Test
  void everyKafkaFacingCommandTakesTheClientSettings() {
    CommandLine cli = EmojiCli.commandLine();
    for (String name : java.util.List.of("pipeline", "debug", "fanout", "subscribe", "ingest", "simulate", "dashboard", "demo",
        "warehouse", "alerts", "topics")) {
      CommandLine.Model.CommandSpec spec = cli.getSubcommands().get(name).getCommandSpec();
      for (String flag : java.util.List.of("--bootstrap-servers", "--kafka-config", "--kafka-property")) {
        assertThat(spec.findOption(flag)).as(name + " " + flag).isNotNull();
      }
    }
  }
}
