package io.emojireactions.pubsub;

import io.emojireactions.core.DeadLetterCodec;

import static io.emojireactions.pubsub.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The relay next to the Python job: aggregates in the Python job's exact format on the main topic
 * (naive {@code "2025-10-29 22:31:00"} times, no room, no final, keyed by window start) are routed
 * exactly where our own format of the same (room {@code global}, window, emoji) goes, passed
 * through byte for byte, and read by a {@link Subscriber} as that same count.
 */
class PythonAggregatesRelayIT {

  /** This module's one broker (see SharedKafka). */
  @RegisterExtension
  static final KafkaExtension KAFKA = SharedKafka.KAFKA;

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final DateTimeFormatter PYTHON_STR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final List<String> EMOJIS = List.of("❤️", "👍", "😂", "🔥", "🎉", "😮", "😢", "🙏");

  /** One Python aggregate: its record key and value bytes, and the count our format would carry. */
  private record Aggregate(byte[] key, byte[] value, WindowedCount twin) {
    String json() {
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  /** What the Python job writes: key = window start string, value with {@code ": "} and {@code ", "} spacing. */
  private static List<Aggregate> pythonAggregates(int windows) {
    List<Aggregate> out = new ArrayList<>();
    long t0 = Instant.parse("2025-10-29T22:31:00Z").toEpochMilli();
    for (int w = 0; w < windows; w++) {
      long start = t0 + w * 2000L;
      String startText = LocalDateTime.ofEpochSecond(start / 1000, 0, ZoneOffset.UTC).format(PYTHON_STR);
      String endText = LocalDateTime.ofEpochSecond(start / 1000 + 2, 0, ZoneOffset.UTC).format(PYTHON_STR);
      for (int e = 0; e < EMOJIS.size(); e++) {
        long count = 1 + (w * 977L + e * 131L) % 5000;
        String value = "{\"window_start\": \"" + startText + "\", \"window_end\": \"" + endText + "\", \"emoji\": \""
            + EMOJIS.get(e) + "\", \"reaction_count\": " + count + ", \"scaled_reactions\": " + count + "}";
        out.add(new Aggregate(startText.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
            new WindowedCount("global", new TimeWindow(start, start + 2000), EMOJIS.get(e), count, count, false)));
      }
    }
    return out;
  }

  @Test
  void pythonAggregatesReachExactlyTheTopicsTheirOurFormatTwinsReachAndNoneGoesToTheDlq() throws Exception {
    String prefix = KafkaTestSupport.prefix("python");
    // one cluster routed by hash, one by a filter: both decisions must come out the same for the two formats
    FanOutTopology topology = FanOutTopology.builder().mainTopic(prefix + "_main")
        .cluster(ClusterSpec.of("c1", prefix + "_c1", FanOutTopology.numberedSubTopics(prefix + "_c1", 3), Routing.hash()))
        .cluster(ClusterSpec.of("c2", prefix + "_c2", FanOutTopology.numberedSubTopics(prefix + "_c2", 3),
            Routing.parse("filter:emojis=❤️,🔥,🙏;rooms=global;min_count=1000;then=hash")))
        .build();
    assertThat(TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(3, 1))).allMatch(TopicStatus::ok);
    List<Aggregate> python = pythonAggregates(6);
    assertThat(python.get(0).json()).isEqualTo("{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\","
        + " \"emoji\": \"❤️\", \"reaction_count\": 1, \"scaled_reactions\": 1}");
    // Python records keyed by window start, then our-format twins keyed as the pipeline keys them
    List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
    for (Aggregate a : python) {
      input.add(new ProducerRecord<>(topology.mainTopic(), a.key(), a.value()));
    }
    Map<String, WindowedCount> twinJson = new LinkedHashMap<>();
    for (Aggregate a : python) {
      String json = WindowedCountJson.toJsonString(a.twin());
      twinJson.put(json, a.twin());
      input.add(new ProducerRecord<>(topology.mainTopic(),
          WindowedCountJson.key("global", a.twin().emoji()).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
    }
    KafkaTestSupport.produceRecords(SharedKafka.bootstrap(), input);

    try (RunningRelay relay = new RunningRelay(relayConfig(topology, prefix))) {
      relay.awaitCommitted(input.size(), TIMEOUT);
      assertThat(relay.relay().deadLetterCount()).isZero();
      assertThat(relay.relay().relayedCount()).isEqualTo(input.size());
    }

    // Expected destinations of each Python aggregate: where the topology routes its twin.
    Map<String, Set<String>> expectedPythonAt = new HashMap<>();
    Map<String, Set<String>> expectedTwinAt = new HashMap<>();
    for (Aggregate a : python) {
      for (FanOutTopology.Destination d : topology.destinations(a.twin())) {
        expectedPythonAt.computeIfAbsent(d.topic(), t -> new HashSet<>()).add(a.json());
        expectedTwinAt.computeIfAbsent(d.topic(), t -> new HashSet<>()).add(WindowedCountJson.toJsonString(a.twin()));
      }
    }
    Map<String, WindowedCount> twinOfPython = new HashMap<>();
    python.forEach(a -> twinOfPython.put(a.json(), a.twin()));
    int subTopicsWithPython = 0;
    for (ClusterSpec cluster : topology.clusters()) {
      for (String topic : cluster.allTopics()) {
        List<ConsumerRecord<byte[], byte[]>> records =
            readAll(SharedKafka.bootstrap(), topic, true, expectedPythonAt.getOrDefault(topic, Set.of()).size() * 2);
        List<String> pythonHere = new ArrayList<>();
        Set<WindowedCount.Key> pythonKeys = new HashSet<>();
        Set<WindowedCount.Key> twinKeys = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          String value = new String(r.value(), StandardCharsets.UTF_8);
          WindowedCount twin = twinOfPython.get(value);
          if (twin != null) {
            pythonHere.add(value);
            pythonKeys.add(twin.key());
            // the output key is room|emoji for both formats, never the Python job's window start
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("global|" + twin.emoji());
          } else {
            assertThat(twinJson).as("a message on %s that was never produced: %s", topic, value).containsKey(value);
            twinKeys.add(twinJson.get(value).key());
          }
        }
        // each Python aggregate exactly once where its twin goes (bytes unchanged), nowhere else
        assertThat(pythonHere).as("Python aggregates on %s", topic)
            .containsExactlyInAnyOrderElementsOf(expectedPythonAt.getOrDefault(topic, Set.of()));
        assertThat(records).hasSize(pythonHere.size() * 2);
        // the twins the relay itself routed landed on the very same topics
        assertThat(twinKeys).as("twins on %s", topic).isEqualTo(pythonKeys);
        assertThat(expectedTwinAt.getOrDefault(topic, Set.of())).hasSize(pythonHere.size());
        if (!topic.equals(cluster.topic()) && !pythonHere.isEmpty()) {
          subTopicsWithPython++;
        }
      }
      assertThat(expectedPythonAt.get(cluster.topic())).hasSize(python.size()); // every message on every cluster topic
    }
    // not vacuous: hash spreads the eight emojis over several sub-topics, and the filter keeps some
    assertThat(subTopicsWithPython).isGreaterThanOrEqualTo(3);
    int filtered = topology.clusters().get(1).subTopics().stream()
        .mapToInt(t -> expectedPythonAt.getOrDefault(t, Set.of()).size()).sum();
    assertThat(filtered).isBetween(1, python.size() - 1);
    assertThat(readAll(SharedKafka.bootstrap(), topology.dlqTopic(), true, 0)).isEmpty();

    // A Subscriber on a cluster topic reads each Python aggregate as its twin's count.
    SubscriberConfig config = SubscriberConfig.builder().kafka(SharedKafka.connection())
        .topic(topology.clusters().get(0).topic()).groupId(prefix + "-subscriber").build();
    Map<String, WindowedCount> read = subscribe(config, input.size());
    for (Aggregate a : python) {
      assertThat(read.get(a.json())).as(a.json()).isEqualTo(a.twin());
    }
    MaxMergeView view = new MaxMergeView();
    read.values().forEach(view::merge);
    assertThat(view.snapshot()).hasSize(python.size()); // a Python aggregate and its twin merge into one key
  }

  @Test
  void invalidPythonStyleAggregatesGoToTheDlqWithAReasonAndTheValidOnesAreRelayed() throws Exception {
    String prefix = KafkaTestSupport.prefix("python-dlq");
    FanOutTopology topology = KafkaTestSupport.topology(prefix, 1, Routing.hash());
    assertThat(TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(3, 1))).allMatch(TopicStatus::ok);
    List<Aggregate> good = pythonAggregates(2);
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("{\"window_start\": \"2025-10-29 22:31:00\", \"emoji\": \"❤️\", \"reaction_count\": 3785, \"scaled_reactions\": 3785}",
        "field 'window_end' is missing");
    bad.put("{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"❤️\","
        + " \"reaction_count\": \"3785\", \"scaled_reactions\": 3785}", "field 'reaction_count' must be a whole number");
    bad.put("{\"window_start\": \"2025-10-29 22:31:02\", \"window_end\": \"2025-10-29 22:31:00\", \"emoji\": \"❤️\","
        + " \"reaction_count\": 3785, \"scaled_reactions\": 3785}", "must be after window_start");
    bad.put("{\"window_start\": \"29/10/2025 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", \"emoji\": \"❤️\","
        + " \"reaction_count\": 3785, \"scaled_reactions\": 3785}", "field 'window_start' must be an ISO-8601 instant");
    List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
    for (Aggregate a : good) {
      input.add(new ProducerRecord<>(topology.mainTopic(), a.key(), a.value()));
    }
    for (String json : bad.keySet()) {
      input.add(new ProducerRecord<>(topology.mainTopic(), "2025-10-29 22:31:00".getBytes(StandardCharsets.UTF_8),
          json.getBytes(StandardCharsets.UTF_8)));
    }
    KafkaTestSupport.produceRecords(SharedKafka.bootstrap(), input);

    try (RunningRelay relay = new RunningRelay(relayConfig(topology, prefix))) {
      relay.awaitCommitted(input.size(), TIMEOUT);
      assertThat(relay.relay().deadLetterCount()).isEqualTo(bad.size());
    }

    KafkaTestSupport.assertExactly(SharedKafka.bootstrap(), topology.clusters().get(0).topic(),
        good.stream().map(Aggregate::json).toList());
    List<ConsumerRecord<byte[], byte[]>> dead = readAll(SharedKafka.bootstrap(), topology.dlqTopic(), true, bad.size());
    List<String> originals = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      // The shared dead-letter envelope: the original whole, why, and where it came from.
      DeadLetterCodec.Decoded letter = DeadLetterCodec.decode(r.value());
      String value = new String(letter.original(), StandardCharsets.UTF_8);
      originals.add(value);
      assertThat(letter.truncated()).isFalse();
      assertThat(letter.reason()).isEqualTo(DeadLetters.INVALID_MESSAGE);
      assertThat(KafkaTestSupport.header(r, DeadLetters.REASON)).isEqualTo(DeadLetters.INVALID_MESSAGE);
      assertThat(KafkaTestSupport.header(r, DeadLetters.MESSAGE)).contains(bad.get(value));
      assertThat(letter.sourceTopic()).isEqualTo(topology.mainTopic());
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(topology.mainTopic() + "-" + letter.sourcePartition() + "@" + letter.sourceOffset());
    }
    assertThat(originals).containsExactlyInAnyOrderElementsOf(bad.keySet());
  }

  private static RelayConfig relayConfig(FanOutTopology topology, String prefix) {
    return RelayConfig.builder().topology(topology).kafka(SharedKafka.connection())
        .groupId(prefix + "-relay").transactionalId(prefix + "-tx").build();
  }

  /** Runs a subscriber until it has seen {@code n} messages; value → parsed count. */
  private static Map<String, WindowedCount> subscribe(SubscriberConfig config, int n) throws InterruptedException {
    Map<String, WindowedCount> read = new LinkedHashMap<>();
    CountDownLatch enough = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (Subscriber subscriber = Subscriber.create(config)) {
      Thread thread = new Thread(() -> {
        try {
          subscriber.run(message -> {
            synchronized (read) {
              read.put(message.json(), message.count());
              if (read.size() >= n) {
                enough.countDown();
              }
            }
          });
        } catch (Throwable t) {
          failure.set(t);
          enough.countDown();
        }
      }, "test-subscriber");
      thread.start();
      assertThat(enough.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("subscriber saw %d messages", n).isTrue();
      assertThat(failure.get()).isNull();
      subscriber.close();
      thread.join(TIMEOUT.toMillis());
    }
    synchronized (read) {
      return new HashMap<>(read);
    }
  }
}
