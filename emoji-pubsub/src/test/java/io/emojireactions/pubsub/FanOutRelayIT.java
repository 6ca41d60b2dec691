package io.emojireactions.pubsub;

import static io.emojireactions.pubsub.KafkaTestSupport.assertExactly;
import static io.emojireactions.pubsub.KafkaTestSupport.counts;
import static io.emojireactions.pubsub.KafkaTestSupport.header;
import static io.emojireactions.pubsub.KafkaTestSupport.json;
import static io.emojireactions.pubsub.KafkaTestSupport.produce;
import static io.emojireactions.pubsub.KafkaTestSupport.readAll;
import static io.emojireactions.pubsub.KafkaTestSupport.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FanOutRelayIT {

  /** This module's one broker (see SharedKafka). */
  @RegisterExtension
  static final KafkaExtension KAFKA = SharedKafka.KAFKA;

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static RelayConfig relayConfig(FanOutTopology topology, String prefix) {
    return RelayConfig.builder().topology(topology).kafka(SharedKafka.connection())
        .groupId(prefix + "-relay")
        .transactionalId(prefix + "-tx")
        .maxPollRecords(250)
        .build();
  }

  private static void createTopics(FanOutTopology topology) {
    assertThat(TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(3, 1))).allMatch(TopicStatus::ok);
  }

  @Test
  void hashRoutingSendsEveryMessageToEveryClusterTopicOnceAndToExactlyOneStableSubTopic() throws Exception {
    String prefix = KafkaTestSupport.prefix("hash");
    FanOutTopology topology = KafkaTestSupport.topology(prefix, 2, Routing.hash());
    createTopics(topology);
    List<WindowedCount> counts = counts(600);
    List<byte[]> input = json(counts);
    produce(SharedKafka.bootstrap(), topology.mainTopic(), input);

    try (RunningRelay relay = new RunningRelay(relayConfig(topology, prefix))) {
      relay.awaitCommitted(input.size(), TIMEOUT);
    }

    List<String> expected = strings(input);
    for (ClusterSpec cluster : topology.clusters()) {
      List<ConsumerRecord<byte[], byte[]>> records = assertExactly(SharedKafka.bootstrap(), cluster.topic(), expected);
      // Key contract: room|emoji; value: the very bytes read from the main topic.
      for (ConsumerRecord<byte[], byte[]> record : records) {
        WindowedCount count = WindowedCountJson.fromJson(record.value());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(WindowedCountJson.key(count.room(), count.emoji()));
      }
      Map<String, List<String>> where = KafkaTestSupport.subTopicsByValue(SharedKafka.bootstrap(), cluster, expected.size());
      assertThat(where.keySet()).containsExactlyInAnyOrderElementsOf(expected);
      for (int i = 0; i < counts.size(); i++) {
        String sub = cluster.subTopics().get(Routing.hashIndex(counts.get(i).emoji(), 3));
        assertThat(where.get(expected.get(i))).as("sub-topics of message %d", i).containsExactly(sub);
      }
    }
    assertThat(readAll(SharedKafka.bootstrap(), topology.dlqTopic(), true, 0)).isEmpty();
  }

  @Test
  void broadcastRoutingSendsEveryMessageToEverySubTopicOnce() throws Exception {
    String prefix = KafkaTestSupport.prefix("broadcast");
    FanOutTopology topology = KafkaTestSupport.topology(prefix, 1, Routing.broadcast());
    createTopics(topology);
    List<byte[]> input = json(counts(200));
    produce(SharedKafka.bootstrap(), topology.mainTopic(), input);

    try (RunningRelay relay = new RunningRelay(relayConfig(topology, prefix))) {
      relay.awaitCommitted(input.size(), TIMEOUT);
    }

    for (String topic : topology.clusters().get(0).allTopics()) {
      assertExactly(SharedKafka.bootstrap(), topic, strings(input));
    }
  }

  @Test
  void filterRoutingSendsOnlyMatchingMessagesToSubTopicsButEverythingToTheClusterTopic() throws Exception {
    String prefix = KafkaTestSupport.prefix("filter");
    Routing routing = Routing.filter(MessageFilter.all().withRooms("room1").withMinReactionCount(100));
    FanOutTopology topology = KafkaTestSupport.topology(prefix, 1, routing);
    createTopics(topology);
    List<WindowedCount> counts = counts(300);
    List<byte[]> input = json(counts);
    produce(SharedKafka.bootstrap(), topology.mainTopic(), input);

    try (RunningRelay relay = new RunningRelay(relayConfig(topology, prefix))) {
      relay.awaitCommitted(input.size(), TIMEOUT);
    }

    List<String> matching = new ArrayList<>();
    for (int i = 0; i < counts.size(); i++) {
      if (counts.get(i).room().equals("room1") && counts.get(i).reactionCount() >= 100) {
        matching.add(new String(input.get(i), StandardCharsets.UTF_8));
      }
    }
    assertThat(matching).hasSize(50);
    ClusterSpec cluster = topology.clusters().get(0);
    assertExactly(SharedKafka.bootstrap(), cluster.topic(), strings(input));
    for (String sub : cluster.subTopics()) {
      assertExactly(SharedKafka.bootstrap(), sub, matching);
    }
  }

  @Test
  void badMessagesGoToTheDlqWithAReasonAndTheRelayCarriesOn() throws Exception {
    String prefix = KafkaTestSupport.prefix("dlq");
    FanOutTopology topology = KafkaTestSupport.topology(prefix, 1, Routing.hash());
    createTopics(topology);
    List<byte[]> good = json(counts(40));
    List<byte[]> bad = List.of(
        "not json".getBytes(StandardCharsets.UTF_8),
        "{\"room\":\"global\"}".getBytes(StandardCharsets.UTF_8),
        "[1,2,3]".getBytes(StandardCharsets.UTF_8),
        new byte[0],
        new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});
    List<byte[]> input = new ArrayList<>(good.subList(0, 20));
    input.addAll(bad);
    input.addAll(good.subList(20, 40));
    produce(SharedKafka.bootstrap(), topology.mainTopic(), input);

    try (RunningRelay relay = new RunningRelay(relayConfig(topology, prefix))) {
      relay.awaitCommitted(input.size(), TIMEOUT);
      assertThat(relay.relay().deadLetterCount()).isEqualTo(bad.size());
      assertThat(relay.relay().relayedCount()).isEqualTo(good.size());
    }

    assertExactly(SharedKafka.bootstrap(), topology.clusters().get(0).topic(), strings(good));
    List<ConsumerRecord<byte[], byte[]>> dead = readAll(SharedKafka.bootstrap(), topology.dlqTopic(), true, bad.size());
    List<String> originals = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : dead) {
      // Core's envelope, the pipeline's DLQ format; the headers repeat its fields of the same names.
      DeadLetterCodec.Decoded letter = DeadLetterCodec.decode(record.value());
      originals.add(new String(letter.original(), StandardCharsets.UTF_8));
      assertThat(letter.truncated()).isFalse();
      String reason = header(record, DeadLetters.REASON);
      assertThat(reason).isEqualTo(letter.reason())
          .isEqualTo(letter.originalSize() == 0 ? DeadLetters.EMPTY_MESSAGE : DeadLetters.INVALID_MESSAGE);
      assertThat(header(record, DeadLetters.MESSAGE)).isNotBlank().isEqualTo(letter.message());
      assertThat(header(record, DeadLetters.SOURCE_TOPIC)).isEqualTo(topology.mainTopic()).isEqualTo(letter.sourceTopic());
      assertThat(Integer.parseInt(header(record, DeadLetters.SOURCE_PARTITION))).isBetween(0, 2).isEqualTo(letter.sourcePartition());
      assertThat(Long.parseLong(header(record, DeadLetters.SOURCE_OFFSET))).isBetween(0L, (long) input.size())
          .isEqualTo(letter.sourceOffset());
      assertThat(new String(record.key(), StandardCharsets.UTF_8))
          .isEqualTo(topology.mainTopic() + "-" + letter.sourcePartition() + "@" + letter.sourceOffset());
      assertThat(record.timestamp()).isEqualTo(letter.sourceTimestamp().toEpochMilli());
    }
    assertThat(originals).containsExactlyInAnyOrderElementsOf(strings(bad));
  }

  @Test
  void hugeAndBinaryMessagesGoToTheDlqInTheSharedEnvelopeWithinTheBound() throws Exception {
    String prefix = KafkaTestSupport.prefix("hugedlq");
    FanOutTopology topology = KafkaTestSupport.topology(prefix, 1, Routing.hash());
    createTopics(topology);
    byte[] binary = new byte[1_000_000];
    new java.util.Random(5).nextBytes(binary);
    binary[0] = (byte) 0xff; // never UTF-8: the base64 path
    byte[] controls = new byte[900_000]; // 5.4 MB once escaped
    java.util.Arrays.fill(controls, (byte) 1);
    List<byte[]> good = json(counts(10));
    List<byte[]> input = new ArrayList<>(good.subList(0, 5));
    input.add(binary);
    input.add(controls);
    input.addAll(good.subList(5, 10));
    produce(SharedKafka.bootstrap(), topology.mainTopic(), input);

    try (RunningRelay relay = new RunningRelay(relayConfig(topology, prefix))) {
      relay.awaitCommitted(input.size(), TIMEOUT);
      assertThat(relay.relay().deadLetterCount()).isEqualTo(2);
    }

    assertExactly(SharedKafka.bootstrap(), topology.clusters().get(0).topic(), strings(good));
    List<ConsumerRecord<byte[], byte[]>> dead = readAll(SharedKafka.bootstrap(), topology.dlqTopic(), true, 2);
    assertThat(dead).hasSize(2);
    for (ConsumerRecord<byte[], byte[]> record : dead) {
      int size = record.key().length + record.value().length;
      for (var h : record.headers()) {
        size += h.key().getBytes(StandardCharsets.UTF_8).length + h.value().length;
      }
      assertThat(size).isLessThanOrEqualTo(DeadLetterCodec.DEFAULT_MAX_BYTES);
      DeadLetterCodec.Decoded letter = DeadLetterCodec.decode(record.value());
      byte[] original = letter.base64() ? binary : controls;
      assertThat(letter.reason()).isEqualTo(DeadLetters.INVALID_MESSAGE);
      assertThat(letter.originalSize()).isEqualTo((long) original.length);
      assertThat(letter.originalSha256()).isEqualTo(
          java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(original)));
      assertThat(letter.truncated()).isTrue();
      assertThat(letter.original()).isNotEmpty().isEqualTo(java.util.Arrays.copyOf(original, letter.original().length));
    }
    assertThat(dead).extracting(r -> DeadLetterCodec.decode(r.value()).base64()).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void relayPassesTheValidatedBytesThroughUnchanged() throws Exception {
    String prefix = KafkaTestSupport.prefix("bytes");
    FanOutTopology topology = KafkaTestSupport.topology(prefix, 1, Routing.broadcast());
    createTopics(topology);
    // Valid under the contract (unknown fields are ignored, whitespace is JSON), but not how core would write it.
    String unusual = "{ \"room\": \"global\", \"window_start\": \"2025-10-29T22:31:00Z\", \"window_end\": \"2025-10-29T22:31:02Z\","
        + " \"emoji\": \"🔥\", \"reaction_count\": 7, \"scaled_reactions\": 1, \"final\": false, \"producer\": \"spark\" }";
    assertThat(WindowedCountJson.fromJson(unusual).reactionCount()).isEqualTo(7);
    produce(SharedKafka.bootstrap(), topology.mainTopic(), List.of(unusual.getBytes(StandardCharsets.UTF_8)));

    try (RunningRelay relay = new RunningRelay(relayConfig(topology, prefix))) {
      relay.awaitCommitted(1, TIMEOUT);
    }

    for (String topic : topology.clusters().get(0).allTopics()) {
      List<ConsumerRecord<byte[], byte[]>> records = assertExactly(SharedKafka.bootstrap(), topic, List.of(unusual));
      assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("global|🔥");
    }
  }
}
