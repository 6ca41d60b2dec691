package io.emojireactions.apps.query;

import io.emojireactions.apps.warehouse.WarehouseCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.apps.internal.CommandLines;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The query command's defaults and span syntax. */
class QueryCommandTest {

  @Test
  void queryJdbcUrlDefaultsToTheEmbeddedWarehouse() {
    CommandLine.ParseResult parsed = CommandLines.of(new QueryCommand()).parseArgs("query", "top", "--room", "r", "--last", "10m");
    QueryCommand query = (QueryCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(query.jdbcUrl).isEqualTo(WarehouseCommand.DEFAULT_JDBC_URL);
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
}
