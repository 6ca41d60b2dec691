package io.emojireactions.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

/**
 * Fast, complete topic I/O for tests and benchmarks: produce a data set and wait for every
 * acknowledgement; read a topic from the beginning up to its end offsets. Both fail loudly
 * (never return partial results silently). Stateless, thread-safe.
 */
public final class TopicIO {

  private TopicIO() {}

  /**
   * Producer settings for bulk loads: lz4, 20 ms linger, 256 KiB batches, 64 MiB of buffer,
   * acks=all, idempotent, byte arrays.
   */
  public static Properties bulkProducerProperties(String bootstrapServers) {
    return bulkProducerProperties(bootstrapServers, Map.of());
  }

  /**
   * The settings of pubsub's {@code KafkaClientConfigs.bulkProducer}, written again because the
   * test kit must not depend on emoji-pubsub (whose tests use the test kit): change the two
   * together. As there, {@code clientProperties} win over the tuning but not over what delivery
   * rests on.
   */
  private static Properties bulkProducerProperties(String bootstrapServers, Map<String, String> clientProperties) {
    Properties p = new Properties();
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    p.putAll(clientProperties);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** Produces every value of {@code values} (no key) in order, closes the stream and waits for all acknowledgements. */
  public static long produceBytes(String bootstrapServers, String topic, Stream<byte[]> values) {
    try (values) {
      return produceBytes(bootstrapServers, topic, values.iterator());
    }
  }

  /** Produces UTF-8 values (no key) in order and waits for all acknowledgements. */
  public static long produce(String bootstrapServers, String topic, Iterable<String> values) {
    Iterator<String> it = values.iterator();
    return produceBytes(
        bootstrapServers,
        topic,
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public byte[] next() {
            return it.next().getBytes(StandardCharsets.UTF_8);
          }
        });
  }

  /**
   * Produces values (no key) and waits for all acknowledgements.
   *
   * @return the number of records acknowledged (all of them)
   * @throws IllegalStateException naming the first failure when any record was not acknowledged
   */
  public static long produceBytes(String bootstrapServers, String topic, Iterator<byte[]> values) {
    return produceBytes(bootstrapServers, Map.of(), topic, values);
  }

  /** As {@link #produceBytes(String, String, Iterator)}, with further client properties (security). */
  public static long produceBytes(String bootstrapServers, Map<String, String> clientProperties, String topic, Iterator<byte[]> values) {
    Properties producerProperties = bulkProducerProperties(bootstrapServers, clientProperties);
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    long sent = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties)) {
      while (values.hasNext()) {
        if (firstError.get() != null) {
          break; // no point in sending more once one failed
        }
        producer.send(
            new ProducerRecord<>(topic, values.next()),
            (metadata, error) -> {
              if (error == null) {
                acked.incrementAndGet();
              } else {
                failed.incrementAndGet();
                firstError.compareAndSet(null, error);
              }
            });
        sent++;
      }
      producer.flush();
    }
    if (firstError.get() != null || acked.get() != sent) {
      throw new IllegalStateException(
          "producing to " + topic + " at " + bootstrapServers + ": " + acked.get() + " of " + sent
              + " records acknowledged, " + failed.get() + " failed; first error: " + firstError.get(),
          firstError.get());
    }
    return sent;
  }

  /**
   * Every record of {@code topic} from the beginning up to the end offsets taken when reading
   * starts (read_committed: aborted transactional records are skipped), partition by partition
   * in offset order.
   *
   * @throws IllegalStateException when the topic does not exist or the end is not reached by {@code timeout}
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic, Duration timeout) {
    return readAll(bootstrapServers, Map.of(), topic, timeout);
  }

  /** As {@link #readAll(String, String, Duration)}, with further client properties (security). */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrapServers, Map<String, String> clientProperties, String topic, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = partitions(consumer, topic, deadline);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
      while (!reachedEnd(consumer, end)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "reading " + topic + " at " + bootstrapServers + " did not reach the end offsets " + end
                  + " within " + timeout + "; positions " + positions(consumer, end));
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(r);
        }
      }
      for (TopicPartition tp : partitions) {
        for (ConsumerRecord<byte[], byte[]> r : byPartition.getOrDefault(tp, List.of())) {
          // Records past the end offsets arrived while reading; they belong to a later read.
          if (r.offset() < end.get(tp)) {
            records.add(r);
          }
        }
      }
      return records;
    }
  }

  /** The values of {@link #readAll} as UTF-8 text. */
  public static List<String> readValues(String bootstrapServers, String topic, Duration timeout) {
    return readAll(bootstrapServers, topic, timeout).stream()
        .map(r -> r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8))
        .collect(Collectors.toList());
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Instant deadline) {
    while (true) {
      List<PartitionInfo> infos = consumer.listTopics(remaining(deadline)).get(topic);
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).sorted((a, b) -> Integer.compare(a.partition(), b.partition())).collect(Collectors.toList());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("topic " + topic + " does not exist");
      }
      try {
        Thread.sleep(100); // metadata of a just-created topic propagates within milliseconds
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
      }
    }
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> positions = new HashMap<>();
    end.keySet().forEach(tp -> positions.put(tp, consumer.position(tp)));
    return positions;
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
