package io.emojireactions.apps.pubsub;

import io.emojireactions.apps.internal.CommandLines;


import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.Routing;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.testkit.TopicIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code emoji topics | fanout | subscribe} end to end on a real broker, with the default 3 × 3 topology. */
class PubSubCommandsIT {

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);

  @Test
  void topicsThenFanoutThenSubscribeWorkWithNoConfiguration(@TempDir Path dir) throws Exception {
    // 0. fanout refuses to start on a Kafka cluster without the topics, saying what to do.
    assertThat(CommandLines.of(new FanoutCommand(), new SubscribeCommand(), new TopicsCommand()).execute("fanout", "--bootstrap-servers", KAFKA.bootstrapServers())).isEqualTo(2);

    // 1. topics: creates the input topics and the whole default tree; a second run finds them.
    StringWriter ignored = new StringWriter();
    ByteArrayOutputStream topicsOut = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int created;
    try {
      System.setOut(new PrintStream(topicsOut, true, StandardCharsets.UTF_8));
      created = CommandLines.of(new FanoutCommand(), new SubscribeCommand(), new TopicsCommand()).setErr(new PrintWriter(ignored)).execute("topics", "--bootstrap-servers", KAFKA.bootstrapServers());
    } finally {
      System.setOut(stdout);
    }
    assertThat(created).isZero();
    List<String> lines = topicsOut.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2 + 2 + 3 * 4).allMatch(l -> l.startsWith("CREATED"));
    assertThat(String.join("\n", lines)).contains("emoji_reactions ", "emoji_reactions_dlq", "emoji_main_publisher ", "emoji_cluster_3_sub3");
    assertThat(CommandLines.of(new FanoutCommand(), new SubscribeCommand(), new TopicsCommand()).execute("topics", "--bootstrap-servers", KAFKA.bootstrapServers())).isZero();
    assertThat(CommandLines.of(new FanoutCommand(), new SubscribeCommand(), new TopicsCommand()).execute("topics", "--bootstrap-servers", KAFKA.bootstrapServers(), "--partitions", "5"))
        .as("existing topics with other partition counts are reported").isEqualTo(1);

    // 2. fanout: a real `emoji fanout` process relays the main topic, then stops cleanly on SIGTERM.
    List<WindowedCount> counts = new ArrayList<>();
    long t0 = 1_761_777_060_000L;
    List<String> emojis = List.of("❤️", "👍", "😂", "🔥", "😢");
    for (int i = 0; i < 200; i++) {
      counts.add(new WindowedCount("global", new TimeWindow(t0 + i * 2000L, t0 + i * 2000L + 2000), emojis.get(i % 5), i + 1, 1, false));
    }
    Iterator<byte[]> values = counts.stream().map(WindowedCountJson::toJson).iterator();
    TopicIO.produceBytes(KAFKA.bootstrapServers(), "emoji_main_publisher", values);
    Path log = dir.resolve("fanout.log");
    Process fanout = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            FanoutCommand.class.getName(), "--bootstrap-servers", KAFKA.bootstrapServers())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      List<ConsumerRecord<byte[], byte[]>> cluster1 = readAtLeast("emoji_cluster_1", counts.size());
      assertThat(cluster1).hasSize(counts.size());
      fanout.destroy(); // SIGTERM
      assertThat(fanout.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      fanout.destroyForcibly();
    }
    assertThat(Files.readString(log)).contains("stopped cleanly after relaying 200 messages");

    // 3. subscribe: a late subscriber replays one sub-topic from the earliest message, as JSON lines.
    FanOutTopology seed = FanOutTopology.defaults();
    List<String> expected = new ArrayList<>();
    for (WindowedCount count : counts) {
      if (Routing.hash().route(count, seed.clusters().get(0).subTopics()).contains("emoji_cluster_1_sub2")) {
        expected.add(new String(WindowedCountJson.toJson(count), StandardCharsets.UTF_8));
      }
    }
    assertThat(expected).isNotEmpty();
    CommandLine cli = CommandLines.of(new FanoutCommand(), new SubscribeCommand(), new TopicsCommand());
    SubscribeCommand subscribe = cli.getSubcommands().get("subscribe").getCommand();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    subscribe.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = cli.execute("subscribe", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", "emoji_cluster_1_sub2",
        "--from", "earliest", "--group", "it-console", "--max-messages", Integer.toString(expected.size()));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAtLeast(String topic, int n) {
    Await.until(n + " records on " + topic, Duration.ofSeconds(90),
        () -> TopicIO.readAll(KAFKA.bootstrapServers(), topic, Duration.ofSeconds(10)).size() >= n);
    return TopicIO.readAll(KAFKA.bootstrapServers(), topic, Duration.ofSeconds(10));
  }
}
