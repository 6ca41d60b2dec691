package io.emojireactions.apps.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.apps.internal.CommandLines;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The warehouse and query commands' defaults. */
class WarehouseCommandTest {

  @Test
  void warehouseDefaultsMatchTheContract() {
    CommandLine cli = CommandLines.of(new WarehouseCommand(), new io.emojireactions.apps.query.QueryCommand());
    CommandLine.ParseResult parsed = cli.parseArgs("warehouse", "--bootstrap-servers", "127.0.0.1:9092");
    WarehouseCommand command = (WarehouseCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(command.topic).isEqualTo("emoji_main_publisher");
    assertThat(command.group).isEqualTo("emoji-warehouse");
    assertThat(command.jdbcUrl).isNull();
    assertThat(command.pgPort).isEqualTo(5433);
  }

}
