package io.emojireactions.testkit;

import io.emojireactions.apps.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One real single-node broker shared by the tests of this class (plus clusters of its own for persistence). */
class KafkaClusterIT {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);

  @Test
  void hundredThousandRecordsRoundTripExactlyInCountAndContent() {
    KafkaCluster kafka = KAFKA.cluster();
    kafka.createTopic("roundtrip", 3, 1, Map.of("retention.ms", "-1"));
    List<String> values = values(100_000);

    long produced = TopicIO.produce(kafka.bootstrapServers(), "roundtrip", values);
    List<ConsumerRecord<byte[], byte[]>> consumed = TopicIO.readAll(kafka.bootstrapServers(), "roundtrip", READ_TIMEOUT);

    assertThat(produced).isEqualTo(100_000);
    assertThat(consumed).hasSize(100_000);
    // Order-independent content checksum: the multiset of values must be the same.
    long expected = values.stream().mapToLong(v -> crc(v.getBytes(StandardCharsets.UTF_8))).sum();
    long actual = consumed.stream().mapToLong(r -> crc(r.value())).sum();
    assertThat(actual).isEqualTo(expected);
    assertThat(consumed.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).distinct().count())
        .isEqualTo(values.size());
  }

  @Test
  void stoppedNodeRestartsOnTheSamePortWithItsDataIntact() {
    KafkaCluster kafka = KAFKA.cluster();
    kafka.createTopic("survives-restart", 2, 1, Map.of("retention.ms", "-1"));
    List<String> values = values(2_000);
    TopicIO.produce(kafka.bootstrapServers(), "survives-restart", values);
    String bootstrap = kafka.bootstrapServers();

    kafka.stopNode(0);
    assertThat(kafka.isRunning(0)).isFalse();
    // Kafka writes this marker only at the end of a clean (controlled) shutdown.
    assertThat(kafka.nodeDir(0).resolve("data").resolve(".kafka_cleanshutdown")).exists();
    kafka.restartNode(0);

    assertThat(kafka.isRunning(0)).isTrue();
    assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
    assertThat(TopicIO.readValues(bootstrap, "survives-restart", READ_TIMEOUT)).containsExactlyInAnyOrderElementsOf(values);
  }

  @Test
  void externalHandleCreatesTopicsButRefusesNodeControlAndLeavesTheClusterRunning() {
    KafkaCluster kafka = KAFKA.cluster();
    try (KafkaCluster external = KafkaCluster.external(kafka.bootstrapServers())) {
      external.createTopic("made-through-external", 1, 1, Map.of());
      assertThat(external.nodeCount()).isEqualTo(1);
      assertThatThrownBy(() -> external.killNode(0)).isInstanceOf(IllegalStateException.class);
    }
    TopicIO.produce(kafka.bootstrapServers(), "made-through-external", List.of("still-running"));
    assertThat(TopicIO.readValues(kafka.bootstrapServers(), "made-through-external", READ_TIMEOUT))
        .containsExactly("still-running");
  }

  @Test
  void creatingAnExistingTopicFailsNamingIt() {
    KafkaCluster kafka = KAFKA.cluster();
    kafka.createTopic("twice", 1, 1, Map.of());
    assertThatThrownBy(() -> kafka.createTopic("twice", 1, 1, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("twice")
        .hasMessageContaining("already exists");
  }

  @Test
  void givenDataDirectoryKeepsTopicsAcrossClusterRestarts(@TempDir Path dir) {
    List<String> values = new ArrayList<>(List.of("a", "b", "c"));
    try (KafkaCluster first = KafkaCluster.builder().dataDir(dir).start()) {
      first.createTopic("kept", 1, 1, Map.of("retention.ms", "-1"));
      TopicIO.produce(first.bootstrapServers(), "kept", values);
    }
    assertThat(Files.exists(dir.resolve("node-0").resolve("broker.log"))).isTrue();

    try (KafkaCluster second = KafkaCluster.builder().dataDir(dir).start()) {
      assertThat(TopicIO.readValues(second.bootstrapServers(), "kept", READ_TIMEOUT)).containsExactlyElementsOf(values);
    }
  }

  /** {@code n} distinct reaction-shaped JSON values of varying length. */
  private static List<String> values(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add("{\"user_id\":\"u" + i + "\",\"emoji_type\":\"\u2764\",\"timestamp\":" + (1_761_777_060_000L + i) + "}");
    }
    return out;
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
