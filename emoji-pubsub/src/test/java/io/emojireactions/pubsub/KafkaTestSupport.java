package io.emojireactions.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients for the ITs: write test input, read topics to their end. */
final class KafkaTestSupport {

  static final List<String> EMOJIS = List.of("❤️", "👍", "😂", "🔥", "🎉", "😮", "😢", "🙏", "💯", "👀");
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private KafkaTestSupport() {}

  /** A fresh topic-name prefix, so tests sharing a broker never see each other's topics. */
  static String prefix(String test) {
    return "t" + SEQUENCE.incrementAndGet() + "_" + test;
  }

  /** A topology of {@code clusters} clusters with 3 sub-topics each under {@code prefix}. */
  static FanOutTopology topology(String prefix, int clusters, Routing routing) {
    FanOutTopology.Builder builder = FanOutTopology.builder().mainTopic(prefix + "_main");
    for (int c = 1; c <= clusters; c++) {
      builder.cluster(ClusterSpec.of("c" + c, prefix + "_c" + c, FanOutTopology.numberedSubTopics(prefix + "_c" + c, 3), routing));
    }
    return builder.build();
  }

  /** {@code n} distinct output messages: each its own (room, window, emoji). */
  static List<WindowedCount> counts(int n) {
    List<WindowedCount> counts = new ArrayList<>();
    long t0 = Instant.parse("2025-10-29T22:31:00Z").toEpochMilli();
    for (int i = 0; i < n; i++) {
      long start = t0 + i * 2000L;
      counts.add(new WindowedCount("room" + (i % 4), new TimeWindow(start, start + 2000), EMOJIS.get(i % EMOJIS.size()), i + 1, 1, false));
    }
    return counts;
  }

  static List<byte[]> json(List<WindowedCount> counts) {
    return counts.stream().map(WindowedCountJson::toJson).toList();
  }

  /** Writes records keyed like the pipeline does (room|emoji), or unkeyed when a value is not JSON. */
  static void produce(String bootstrap, String topic, List<byte[]> values) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (byte[] value : values) {
      records.add(new ProducerRecord<>(topic, null, value));
    }
    produceRecords(bootstrap, records);
  }

  static void produceRecords(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        producer.send(record);
      }
      producer.flush();
    }
  }

  /**
   * Reads {@code topic} from the beginning until at least {@code expected} records arrived and the
   * end is reached (the end of a read_committed read is the last stable offset), or 60 s pass.
   */
  static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, boolean committedOnly, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(out::add);
        if (out.size() >= expected && atEnd(consumer, partitions)) {
          break;
        }
      }
    }
    return out;
  }

  private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    for (TopicPartition partition : partitions) {
      if (consumer.position(partition) < end.get(partition)) {
        return false;
      }
    }
    return true;
  }

  static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }

  static List<String> strings(List<byte[]> values) {
    return values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Asserts that {@code topic} holds exactly {@code expected} (as a multiset), read committed. */
  static List<ConsumerRecord<byte[], byte[]>> assertExactly(String bootstrap, String topic, List<String> expected) {
    List<ConsumerRecord<byte[], byte[]>> records = readAll(bootstrap, topic, true, expected.size());
    assertThat(values(records)).as("messages of %s", topic).containsExactlyInAnyOrderElementsOf(expected);
    return records;
  }

  /** Counts per sub-topic of {@code cluster}: value → the sub-topics it was found in. */
  static Map<String, List<String>> subTopicsByValue(String bootstrap, ClusterSpec cluster, int total) {
    Map<String, List<String>> where = new HashMap<>();
    for (String sub : cluster.subTopics()) {
      for (String value : values(readAll(bootstrap, sub, true, 0))) {
        where.computeIfAbsent(value, v -> new ArrayList<>()).add(sub);
      }
    }
    return where;
  }
}
