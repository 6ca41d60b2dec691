package io.emojireactions.apps.warehouse;

import io.emojireactions.testkit.KafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.warehouse.WarehouseCommand;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.TopicIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code emoji warehouse} without --jdbc-url: its own embedded PostgreSQL, whose data outlives a restart. */
class WarehouseCommandIT {

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);


  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Runs serve() until {@code expectedRows} rows are in the table, then stops it; returns its output. */
  private static String runUntil(Warehouse.Config config, Path dataDir, int port, int expectedRows) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> WarehouseCommand.serve(config, null, dataDir, port, print, print, stop));
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    Await.until("the warehouse to write " + expectedRows + " rows", Duration.ofSeconds(90), () -> {
      if (exit.isDone() || !out.toString(StandardCharsets.UTF_8).contains(WarehouseCommand.READY_PREFIX)) {
        return exit.isDone();
      }
      try (Connection db = DriverManager.getConnection(url)) {
        return WarehouseWriterIT.rows(db).size() >= expectedRows;
      } catch (Exception e) {
        return false;
      }
    }, () -> out.toString(StandardCharsets.UTF_8));
    stop.countDown();
    assertThat(exit.get(60, TimeUnit.SECONDS)).as(out.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void embeddedDatabaseKeepsItsDataAcrossRestarts(@TempDir Path dir) throws Exception {
    String topic = KAFKA.topic("warehouse_cli", 1);
    String bootstrap = KAFKA.cluster().bootstrapServers();
    TopicIO.produce(bootstrap, topic, List.of(
        WindowedCountJson.toJsonString(WarehouseWriterIT.count("a", WarehouseWriterIT.T0, "🔥", 2, false)),
        WindowedCountJson.toJsonString(WarehouseWriterIT.count("a", WarehouseWriterIT.T0, "🔥", 3, false))));
    Warehouse.Config config = Warehouse.Config.builder().bootstrapServers(bootstrap).topic(topic).groupId("wh-cli").build();
    Path data = dir.resolve("pg");
    int port = freePort();

    String first = runUntil(config, data, port, 1);
    assertThat(first).contains("Embedded PostgreSQL ready, data in " + data.toAbsolutePath())
        .contains(WarehouseCommand.READY_PREFIX + "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres from warehouse_cli")
        .contains("Warehouse stopped after 2 messages (0 rejected, 0 dead-lettered)");

    TopicIO.produce(bootstrap, topic, List.of(
        WindowedCountJson.toJsonString(WarehouseWriterIT.count("a", WarehouseWriterIT.T0 + 2000, "😂", 1, true))));
    runUntil(config, data, port, 2);

    // The server is stopped now; a third start over the same directory still has both rows.
    try (EmbeddedDatabase again = EmbeddedDatabase.start(data, port); Connection db = DriverManager.getConnection(again.jdbcUrl())) {
      assertThat(WarehouseWriterIT.rows(db)).containsExactly(
          "a 2025-10-29T22:31:00Z 2025-10-29T22:31:02Z 🔥 3 1 false",
          "a 2025-10-29T22:31:02Z 2025-10-29T22:31:04Z 😂 1 1 true");
    }
  }
}
