package io.emojireactions.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link HostileRecords} on a real broker: every kind lands as described, and the aborted one only for read_uncommitted. */
class HostileRecordsIT {

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);

  @Test
  void everyKindIsWrittenAsDescribedAndOnlyTheAbortedOneIsInvisibleToCommittedReaders() {
    int limit = 64 * 1024;
    KAFKA.cluster().createTopic("hostile_kinds", 1, 1, Map.of("max.message.bytes", Integer.toString(limit)));
    List<HostileRecords.Written> written = HostileRecords.writeAll(KAFKA.bootstrapServers(), "hostile_kinds", limit,
        kind -> ("valid " + kind).getBytes(StandardCharsets.UTF_8));

    assertThat(written).extracting(HostileRecords.Written::kind).containsExactly(HostileRecords.Kind.values());
    List<ConsumerRecord<byte[], byte[]>> committed = read("read_committed");
    List<ConsumerRecord<byte[], byte[]>> all = read("read_uncommitted");
    assertThat(all).hasSize(written.size());
    assertThat(committed).hasSize(written.size() - 1);
    for (int i = 0; i < written.size(); i++) {
      HostileRecords.Written w = written.get(i);
      ConsumerRecord<byte[], byte[]> r = all.get(i);
      assertThat(r.offset()).as(w.toString()).isEqualTo(w.offset());
      assertThat(r.key()).as(w.toString()).isEqualTo(w.key());
      assertThat(r.value()).as(w.toString()).isEqualTo(w.value());
    }
    assertThat(committed).noneMatch(r -> r.offset() == written.get(HostileRecords.Kind.ABORTED.ordinal()).offset());
    ConsumerRecord<byte[], byte[]> headers = all.get(HostileRecords.Kind.HEADERS.ordinal());
    assertThat(headers.headers().toArray()).hasSize(200);
    assertThat(headers.headers().lastHeader("null").value()).isNull();
    assertThat(all.get(HostileRecords.Kind.TOMBSTONE.ordinal()).value()).isNull();
    assertThat(all.get(HostileRecords.Kind.NULL_KEY_AND_VALUE.ordinal()).key()).isNull();
    assertThat(all.get(HostileRecords.Kind.EMPTY_VALUE.ordinal()).value()).isEmpty();
    // MAX_SIZE's batch is exactly the limit (checked by the fixture: one byte more was refused).
    assertThat(all.get(HostileRecords.Kind.MAX_SIZE.ordinal()).value().length).isBetween(limit - 100, limit - 61);
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "r-" + UUID.randomUUID());
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1 << 20);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    TopicPartition tp = new TopicPartition("hostile_kinds", 0);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (c.position(tp) < end && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
