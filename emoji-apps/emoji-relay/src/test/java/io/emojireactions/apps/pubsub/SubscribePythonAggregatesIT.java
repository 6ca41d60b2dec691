package io.emojireactions.apps.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.internal.CommandLines;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.testkit.TopicIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code emoji subscribe} on a topic that carries the Python job's aggregates (as the relay passes
 * them through) next to our own format: JSON output prints each message exactly as published,
 * table output reads both formats into one max-merged view.
 */
class SubscribePythonAggregatesIT {

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);

  private static final String HEART = "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\","
      + " \"emoji\": \"❤️\", \"reaction_count\": 3785, \"scaled_reactions\": 3785}";
  private static final String FIRE = "{\"window_start\": \"2025-10-29 22:31:02\", \"window_end\": \"2025-10-29 22:31:04\","
      + " \"emoji\": \"🔥\", \"reaction_count\": 12, \"scaled_reactions\": 1}";

  /** Our format of the heart's key with a lower count: the table must still show the Python message's 3785. */
  private static final String HEART_OURS = WindowedCountJson.toJsonString(new WindowedCount("global",
      new TimeWindow(Instant.parse("2025-10-29T22:31:00Z").toEpochMilli(), Instant.parse("2025-10-29T22:31:02Z").toEpochMilli()),
      "❤️", 3000, 3, false));

  private static String subscribe(String topic, String group, String format, int messages) {
    CommandLine cli = CommandLines.of(new FanoutCommand(), new SubscribeCommand(), new TopicsCommand());
    SubscribeCommand command = cli.getSubcommands().get("subscribe").getCommand();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = cli.execute("subscribe", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", topic,
        "--from", "earliest", "--group", group, "--format", format, "--max-messages", Integer.toString(messages));
    assertThat(code).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).as("nothing skipped").isEmpty();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonOutputPrintsPythonAggregatesAsPublishedAndTableOutputReadsAndMergesBothFormats() {
    String topic = "emoji_cluster_1_sub1";
    KAFKA.cluster().createTopic(topic, 1, 1, Map.of());
    // one partition, so the order is the produce order
    TopicIO.produceBytes(KAFKA.bootstrapServers(), topic,
        Stream.of(HEART, FIRE, HEART_OURS).map(s -> s.getBytes(StandardCharsets.UTF_8)).iterator());

    List<String> json = subscribe(topic, "console-json", "json", 3).lines().toList();
    List<String> table = subscribe(topic, "console-table", "table", 3).lines().toList();

    assertThat(json).containsExactly(HEART, FIRE, HEART_OURS);
    assertThat(table).containsExactly(
        MessagePrinter.TABLE_HEADER,
        String.format("%-24s %-16s %-6s %10d %10d %-5s", "2025-10-29T22:31:00Z", "global", "❤️", 3785, 3785, "no"),
        String.format("%-24s %-16s %-6s %10d %10d %-5s", "2025-10-29T22:31:02Z", "global", "🔥", 12, 1, "no"),
        // the same (global, window, emoji) in our format merges with the Python message: the max stays
        String.format("%-24s %-16s %-6s %10d %10d %-5s", "2025-10-29T22:31:00Z", "global", "❤️", 3785, 3785, "no"));
  }
}
