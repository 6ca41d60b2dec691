package io.emojireactions.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.testkit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A subscriber killed mid-batch and restarted: no gap, and the only repeats are its uncommitted tail. */
class SubscriberCrashIT {

  /** This module's one broker (see SharedKafka). */
  @RegisterExtension
  static final KafkaExtension KAFKA = SharedKafka.KAFKA;

  @Test
  void subscriberKilledMidBatchResumesFromItsCheckpointRepeatingOnlyTheUncheckpointedTail(@TempDir Path dir) throws Exception {
    String topic = KafkaTestSupport.prefix("subcrash");
    SharedKafka.get().createTopic(topic, 3, 1, Map.of());
    List<String> values = new ArrayList<>();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      values.add("m-" + i);
      records.add(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8), ("m-" + i).getBytes(StandardCharsets.UTF_8)));
    }
    KafkaTestSupport.produceRecords(SharedKafka.bootstrap(), records);
    String group = topic + "-group";

    // 1. A subscriber process handles 60 messages, then dies before checkpointing its current batch.
    Path handledByChild = dir.resolve("handled.txt");
    Path log = dir.resolve("child.log");
    Process child = SubscriberChild.start(log, SharedKafka.bootstrap(), topic, group, "console-1", 60, handledByChild);
    try {
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("subscriber child halted").isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(137);
    List<String> first = Files.readAllLines(handledByChild, StandardCharsets.UTF_8);
    assertThat(first).hasSize(60);
    long checkpointed = committedTotal(topic, group);
    assertThat(checkpointed).as("some batches were checkpointed, the last one was not").isPositive().isLessThan(60);

    // 2. Restarted with the same instance id it takes the partitions back at once and resumes at the checkpoint.
    SubscriberConfig config = SubscriberConfig.builder().kafka(SharedKafka.connection()).topic(topic).groupId(group).instanceId("console-1").maxPollRecords(25).build();
    List<String> second = new ArrayList<>();
    int remaining = 200 - (int) checkpointed;
    CountDownLatch all = new CountDownLatch(remaining);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (Subscriber subscriber = Subscriber.create(config)) {
      Thread thread = new Thread(() -> {
        try {
          subscriber.run(message -> {
            synchronized (second) {
              second.add(message.json());
            }
            all.countDown();
          });
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      thread.start();
      assertThat(all.await(60, TimeUnit.SECONDS)).as("restarted subscriber got %d of %d", second.size(), remaining).isTrue();
      subscriber.close();
      thread.join(Duration.ofSeconds(30).toMillis());
    }
    assertThat(failure.get()).isNull();

    // No gap: together they saw everything. No duplicate beyond the uncheckpointed tail: exactly
    // the 60 - checkpointed messages handled after the last checkpoint were seen twice.
    List<String> union = new ArrayList<>(first);
    union.addAll(second);
    assertThat(union).containsAll(values);
    Map<String, Integer> times = new HashMap<>();
    union.forEach(v -> times.merge(v, 1, Integer::sum));
    assertThat(times.values()).allMatch(n -> n <= 2);
    assertThat(times.values().stream().filter(n -> n == 2).count()).isEqualTo(60 - checkpointed);
    assertThat(second).hasSize(remaining);
    assertThat(committedTotal(topic, group)).isEqualTo(200);
  }

  private static long committedTotal(String topic, String group) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrap()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    }
  }
}
