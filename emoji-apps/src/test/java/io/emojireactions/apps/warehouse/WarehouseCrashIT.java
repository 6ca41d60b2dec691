package io.emojireactions.apps.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.WarehouseCommand;
import io.emojireactions.core.WindowedCount;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A real crash: {@code emoji warehouse} in a child JVM is killed (SIGKILL, {@code destroyForcibly})
 * at a deterministic point, after its third database transaction committed and before that
 * batch's Kafka offsets did ({@link WarehouseCommand#CRASH_AFTER_PROPERTY}). The restarted
 * warehouse, same group, reads that batch again; the table equals the ground truth exactly.
 */
class WarehouseCrashIT {

  private static final String GROUP = "wh-kill";

  @AfterAll
  static void stopServers() {
    TestDatabase.stop();
    TestKafka.stop();
  }

  @Test
  void killedBetweenDatabaseCommitAndOffsetCommitThenRestartedTheTableIsExact() throws Exception {
    String topic = TestKafka.topic("warehouse_kill", 1);
    String bootstrap = TestKafka.cluster().bootstrapServers();
    Map<WindowedCount.Key, WindowedCount> expected = new HashMap<>();
    List<String> messages = WarehouseIT.traffic(11, expected);
    TopicIO.produce(bootstrap, topic, messages);
    String url = TestDatabase.freshDatabase();

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-Dfile.encoding")).toList());
    command.addAll(List.of("-Xmx256m", "-D" + WarehouseCommand.CRASH_AFTER_PROPERTY + "=3",
        "-cp", System.getProperty("java.class.path"), "io.emojireactions.apps.EmojiCli", "warehouse",
        "--bootstrap-servers", bootstrap, "--topic", topic, "--group", GROUP, "--jdbc-url", url, "--batch", "10",
        // The killed member never leaves the group: a short session lets the restart join in seconds.
        "--kafka-option", "session.timeout.ms=6000"));
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
    Warehouse.Config config = Warehouse.Config.of(bootstrap, topic).withGroupId(GROUP);
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
        .contains("Warehouse stopped after " + (messages.size() - committedAtCrash) + " messages (0 rejected)");
    try (Connection db = DriverManager.getConnection(url)) {
      assertThat(WarehouseWriterIT.rows(db)).containsExactlyElementsOf(WarehouseIT.expectedRows(expected));
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
