package io.emojireactions.apps.warehouse;

import io.emojireactions.testkit.KafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.apps.warehouse.WarehouseCommand;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.pubsub.SubscriberException;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.TopicIO;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The warehouse subscriber on a real broker and a real PostgreSQL, through crashes (simulated in process, and a killed process). */
class WarehouseIT {

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);

  @AfterAll
  static void stopServers() {
    TestDatabase.stop();
  }

  private static final String[] EMOJIS = {"❤️", "🔥", "😂", "👍"};

  /**
   * Update-mode traffic: per key a growing sequence of counts, shuffled, with duplicates and
   * some older updates sent again; the last of each key final. Returns the messages and fills
   * {@code expected} with the max-merged rows.
   */
  private static List<String> traffic(long seed, Map<WindowedCount.Key, WindowedCount> expected) {
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

  private static List<String> expectedRows(Map<WindowedCount.Key, WindowedCount> expected) {
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
    String topic = KAFKA.topic("warehouse_crash", 2);
    Map<WindowedCount.Key, WindowedCount> expected = new HashMap<>();
    List<String> messages = new ArrayList<>(traffic(7, expected));
    messages.add("{\"not\":\"an output message\"}");
    TopicIO.produce(KAFKA.cluster().bootstrapServers(), topic, messages);
    String url = TestDatabase.freshDatabase();
    Warehouse.Config config = Warehouse.Config.builder().bootstrapServers(KAFKA.cluster().bootstrapServers()).topic(topic).groupId("wh-crash").build();

    // First run: the transaction commits, then the process "dies" before the offsets are committed.
    try (Connection db = DriverManager.getConnection(url); Warehouse first = Warehouse.open(config, db)) {
      assertThatThrownBy(() -> first.run(batch -> {
            throw new IllegalStateException("simulated crash after the database commit");
          }))
          .isInstanceOf(SubscriberException.class).hasMessageContaining("simulated crash after the database commit")
          .hasRootCauseInstanceOf(IllegalStateException.class);
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
      TopicIO.produce(KAFKA.cluster().bootstrapServers(), topic, List.of(WindowedCountJson.toJsonString(
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

  private static final String GROUP = "wh-kill";

  /**
   * A real crash: {@code emoji warehouse} in a child JVM is killed (SIGKILL, {@code destroyForcibly})
   * at a deterministic point, after its third database transaction committed and before that
   * batch's Kafka offsets did ({@link WarehouseCommand#CRASH_AFTER_PROPERTY}). The restarted
   * warehouse, same group, reads that batch again; the table equals the ground truth exactly.
   */
  @Test
  void killedBetweenDatabaseCommitAndOffsetCommitThenRestartedTheTableIsExact() throws Exception {
    String topic = KAFKA.topic("warehouse_kill", 1);
    String bootstrap = KAFKA.cluster().bootstrapServers();
    Map<WindowedCount.Key, WindowedCount> expected = new HashMap<>();
    List<String> messages = traffic(11, expected);
    TopicIO.produce(bootstrap, topic, messages);
    String url = TestDatabase.freshDatabase();

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-Dfile.encoding")).toList());
    command.addAll(List.of("-Xmx256m", "-D" + WarehouseCommand.CRASH_AFTER_PROPERTY + "=3",
        "-cp", System.getProperty("java.class.path"), "io.emojireactions.apps.warehouse.WarehouseCommand",
        "--bootstrap-servers", bootstrap, "--topic", topic, "--group", GROUP, "--jdbc-url", url, "--batch", "10",
        // The killed member never leaves the group: a short session lets the restart join in seconds.
        "--kafka-property", "session.timeout.ms=6000"));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
        }
      } catch (Exception e) {
        output.add("reader: " + e);
      }
    });
    reader.setDaemon(true);
    reader.start();
    long committedAtCrash;
    try {
      Await.until("the warehouse at its crash point", Duration.ofSeconds(90),
          () -> crashLine(output) != null || !child.isAlive(), () -> String.join("\n", output));
      assertThat(child.isAlive()).as(String.join("\n", output)).isTrue();
      assertThat(crashLine(output)).startsWith(WarehouseCommand.CRASH_POINT_PREFIX + "3,");
      // At the crash point: three transactions are in the table, two batches' offsets in Kafka.
      try (Connection db = DriverManager.getConnection(url)) {
        assertThat(WarehouseWriterIT.rows(db)).isNotEmpty();
      }
      committedAtCrash = committedOffset(bootstrap, topic);
      assertThat(committedAtCrash).as("offsets of two batches of at most 10").isBetween(2L, 20L);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue()).as("killed, not exited").isNotZero();

    // Restart, same group, in this JVM: it resumes at the checkpoint, before the crashed batch.
    Warehouse.Config config = Warehouse.Config.builder().bootstrapServers(bootstrap).topic(topic).groupId(GROUP).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> WarehouseCommand.serve(config, url, null, 0, print, print, stop));
    Await.until("the restarted warehouse to catch up", Duration.ofSeconds(90),
        () -> exit.isDone() || committedOffset(bootstrap, topic) == messages.size(), () -> out.toString(StandardCharsets.UTF_8));
    stop.countDown();
    assertThat(exit.get(60, TimeUnit.SECONDS)).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .as("the restart read from the checkpoint on, the crashed batch included")
        .contains("Warehouse stopped after " + (messages.size() - committedAtCrash) + " messages (0 rejected, 0 dead-lettered)");
    try (Connection db = DriverManager.getConnection(url)) {
      assertThat(WarehouseWriterIT.rows(db)).containsExactlyElementsOf(expectedRows(expected));
    }
  }

  private static String crashLine(List<String> output) {
    synchronized (output) {
      return output.stream().filter(l -> l.startsWith(WarehouseCommand.CRASH_POINT_PREFIX)).findFirst().orElse(null);
    }
  }

  /** The group's committed offset of partition 0, 0 when none. */
  private static long committedOffset(String bootstrap, String topic) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      OffsetAndMetadata o = offsets.get(new TopicPartition(topic, 0));
      return o == null ? 0 : o.offset();
    } catch (Exception e) {
      throw new IllegalStateException("reading the offsets of " + GROUP, e);
    }
  }
}
