package io.emojireactions.apps.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.TopicIO;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The warehouse subscriber on a real broker and a real PostgreSQL. */
class WarehouseIT {

  @AfterAll
  static void stopServers() {
    TestDatabase.stop();
    TestKafka.stop();
  }

  private static final String[] EMOJIS = {"❤️", "🔥", "😂", "👍"};

  /**
   * Update-mode traffic: per key a growing sequence of counts, shuffled, with duplicates and
   * some older updates sent again; the last of each key final. Returns the messages and fills
   * {@code expected} with the max-merged rows.
   */
  static List<String> traffic(long seed, Map<WindowedCount.Key, WindowedCount> expected) {
    Random random = new Random(seed);
    List<WindowedCount> all = new ArrayList<>();
    for (String room : List.of("a", "b")) {
      for (int w = 0; w < 5; w++) {
        for (String emoji : EMOJIS) {
          long n = 0;
          int updates = 1 + random.nextInt(4);
          for (int u = 0; u < updates; u++) {
            n += 1 + random.nextInt(50);
            all.add(WarehouseWriterIT.count(room, WarehouseWriterIT.T0 + w * 2000L, emoji, n, u == updates - 1));
          }
        }
      }
    }
    List<WindowedCount> sent = new ArrayList<>(all);
    for (int i = 0; i < 40; i++) {
      sent.add(all.get(random.nextInt(all.size()))); // duplicates / redelivered older updates
    }
    Collections.shuffle(sent, random);
    sent.forEach(c -> expected.merge(c.key(), c, WindowedCount::mergeMax));
    return sent.stream().map(WindowedCountJson::toJsonString).toList();
  }

  static List<String> expectedRows(Map<WindowedCount.Key, WindowedCount> expected) {
    return expected.values().stream()
        .sorted((x, y) -> {
          int c = x.room().compareTo(y.room());
          c = c != 0 ? c : Long.compare(x.window().startMs(), y.window().startMs());
          return c != 0 ? c : x.emoji().compareTo(y.emoji());
        })
        .map(c -> c.room() + " " + c.window().start() + " " + c.window().end() + " " + c.emoji() + " " + c.reactionCount()
            + " " + c.scaledReactions() + " " + c.isFinal())
        .toList();
  }

  @Test
  void crashBetweenDatabaseCommitAndOffsetCommitLeavesTheTableExactAfterRestart() throws Exception {
    String topic = TestKafka.topic("warehouse_crash", 2);
    Map<WindowedCount.Key, WindowedCount> expected = new HashMap<>();
    List<String> messages = new ArrayList<>(traffic(7, expected));
    messages.add("{\"not\":\"an output message\"}");
    TopicIO.produce(TestKafka.cluster().bootstrapServers(), topic, messages);
    String url = TestDatabase.freshDatabase();
    Warehouse.Config config = Warehouse.Config.of(TestKafka.cluster().bootstrapServers(), topic).withGroupId("wh-crash");

    // First run: the transaction commits, then the process "dies" before the offsets are committed.
    try (Connection db = DriverManager.getConnection(url); Warehouse first = Warehouse.open(config, db)) {
      assertThatThrownBy(() -> first.run(offsets -> {
            throw new IllegalStateException("simulated crash after the database commit");
          }))
          .hasMessage("simulated crash after the database commit");
      assertThat(first.transactions()).isEqualTo(1);
      assertThat(WarehouseWriterIT.rows(db)).isNotEmpty();
    }

    // Restart in the same group: nothing was checkpointed, so it reads everything again.
    try (Connection db = DriverManager.getConnection(url); Warehouse second = Warehouse.open(config, db)) {
      CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
        try {
          second.run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Await.until("the restarted warehouse to read every message", Duration.ofSeconds(60),
          () -> second.messages() >= messages.size() || running.isDone());
      second.close();
      running.get(30, TimeUnit.SECONDS);

      assertThat(second.messages()).isEqualTo(messages.size());
      assertThat(second.rejected()).isEqualTo(1);
      assertThat(WarehouseWriterIT.rows(db)).containsExactlyElementsOf(expectedRows(expected));
      try (var s = db.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM warehouse_rejected_messages")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
    }

    // A third run in the same group finds the checkpoint at the end: nothing is read again.
    try (Connection db = DriverManager.getConnection(url); Warehouse third = Warehouse.open(config, db)) {
      TopicIO.produce(TestKafka.cluster().bootstrapServers(), topic, List.of(WindowedCountJson.toJsonString(
          WarehouseWriterIT.count("c", WarehouseWriterIT.T0, "🎉", 1, true))));
      CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
        try {
          third.run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Await.until("the new message", Duration.ofSeconds(60), () -> third.messages() >= 1 || running.isDone());
      third.close();
      running.get(30, TimeUnit.SECONDS);
      assertThat(third.messages()).isEqualTo(1);
      assertThat(WarehouseWriterIT.rows(db)).hasSize(expected.size() + 1);
    }
  }
}
