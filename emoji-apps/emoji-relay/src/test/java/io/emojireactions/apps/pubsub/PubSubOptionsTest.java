package io.emojireactions.apps.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.RelayConfig;
import io.emojireactions.pubsub.Routing;
import io.emojireactions.pubsub.StartFrom;
import io.emojireactions.pubsub.SubscribedMessage;
import io.emojireactions.pubsub.SubscriberConfig;
import java.io.ByteArrayOutputStream;
import io.emojireactions.pubsub.MessageHandler;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PubSubOptionsTest {

  @Test
  void noTopologyFileMeansTheSeedLayoutAndRoutingOverridesEveryCluster() {
    assertThat(PubSubOptions.topology(null, null).toString()).isEqualTo(FanOutTopology.defaults().toString());
    FanOutTopology broadcast = PubSubOptions.topology(null, "broadcast");
    assertThat(broadcast.clusters()).hasSize(3).allSatisfy(c -> assertThat(c.routing()).isSameAs(Routing.broadcast()));
  }

  @Test
  void topologyFileIsReadAndItsErrorsNameTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "clusters=a\ncluster.a.topic=emoji_a\ncluster.a.subtopic.count=2\n");
    FanOutTopology topology = PubSubOptions.topology(file, null);
    assertThat(topology.clusters()).singleElement().satisfies(c -> assertThat(c.subTopics()).containsExactly("emoji_a_sub1", "emoji_a_sub2"));
    Files.writeString(file, "clusters=a\ncluster.a.colour=red\n");
    assertThatThrownBy(() -> PubSubOptions.topology(file, null)).hasMessageContaining("t.properties").hasMessageContaining("cluster.a.colour");
  }

  @Test
  void relayConfigCarriesEveryOption() {
    RelayConfig config = PubSubOptions.relayConfig("127.0.0.1:9092", null, "hash", "g", "tx-7", 500);
    assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.groupId()).isEqualTo("g");
    assertThat(config.transactionalId()).isEqualTo("tx-7");
    assertThat(config.maxPollRecords()).isEqualTo(500);
  }

  @Test
  void subscriberGroupDefaultsToOnePerTopicAndFromIsParsed() {
    SubscriberConfig config = PubSubOptions.subscriberConfig("127.0.0.1:9092", "emoji_cluster_1_sub2", "2025-10-29T22:31:00Z", null);
    assertThat(config.groupId()).isEqualTo("emoji-subscribe-emoji_cluster_1_sub2");
    assertThat(config.startFrom()).isEqualTo(StartFrom.at(Instant.parse("2025-10-29T22:31:00Z")));
    assertThat(PubSubOptions.subscriberConfig("127.0.0.1:9092", "t", "earliest", "mine").groupId()).isEqualTo("mine");
  }

  @Test
  void topicSettingsRetentionIsOptional() {
    assertThat(PubSubOptions.topicSettings(3, 1, null).configs()).isEmpty();
    assertThat(PubSubOptions.topicSettings(3, 1, -1L).configs()).containsEntry("retention.ms", "-1");
  }

  @Test
  void jsonPrinterWritesTheMessageExactlyOnOneLine() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String json = "{\"room\":\"global\",\"window_start\":\"2025-10-29T22:31:00Z\",\"window_end\":\"2025-10-29T22:31:02Z\","
        + "\"emoji\":\"❤️\",\"reaction_count\":120,\"scaled_reactions\":1,\"final\":false}";
    MessageHandler handler = MessagePrinter.JSON.handler(new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    handler.handle(new SubscribedMessage("t", 0, 0, Instant.EPOCH, null, json.getBytes(StandardCharsets.UTF_8)));
    // Line breaks between tokens are whitespace: printed as spaces, so one message stays one line.
    handler.handle(new SubscribedMessage("t", 0, 1, Instant.EPOCH, null, json.replace(",", ",\r\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(json + System.lineSeparator() + json.replace(",", ",  ") + System.lineSeparator());
  }

  @Test
  void jsonPrinterSkipsEveryNonOutputRecordWithItsReasonAndNoControlCharacterReachesTheTerminal() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LongAdder skipped = new LongAdder();
    MessageHandler handler = MessagePrinter.JSON.handler(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), skipped);
    List<byte[]> hostile = Arrays.asList(null, new byte[0], "{\"room\":\"\u001b[2J\u0007\"}".getBytes(StandardCharsets.UTF_8),
        "\u001b]0;owned\u0007 not json".getBytes(StandardCharsets.UTF_8), new byte[] {'{', (byte) 0xC0, (byte) 0xFF, '}'});
    for (int i = 0; i < hostile.size(); i++) {
      handler.handle(new SubscribedMessage("t", 0, i, Instant.EPOCH, null, hostile.get(i)));
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(skipped.sum()).isEqualTo(5);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("skipped t-0@0: EMPTY_MESSAGE: ");
    assertThat(lines.get(1)).startsWith("skipped t-0@1: EMPTY_MESSAGE: ");
    assertThat(lines.subList(2, 5)).allSatisfy(l -> assertThat(l).matches("skipped t-0@\\d: INVALID_MESSAGE: .*"));
    assertThat(err.toString(StandardCharsets.UTF_8).chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
  }

  @Test
  void tableRowShowsEveryField() {
    WindowedCount count = new WindowedCount("global", new TimeWindow(1_761_777_060_000L, 1_761_777_062_000L), "🔥", 120, 1, true);
    assertThat(MessagePrinter.row(count)).matches("2025-10-29T22:31:00Z +global +🔥 +120 +1 yes *");
    assertThat(MessagePrinter.TABLE_HEADER).startsWith("window_start").contains("count", "scaled", "final");
  }

  @Test
  void tablePrinterReportsAnInvalidMessageAndCarriesOn() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var handler = MessagePrinter.TABLE.handler(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    handler.handle(new SubscribedMessage("t", 1, 7, Instant.EPOCH, null, "not json".getBytes(StandardCharsets.UTF_8)));
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("skipped t-1@7: INVALID_MESSAGE: ");
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(MessagePrinter.TABLE_HEADER);
  }
}
