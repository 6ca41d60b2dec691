package io.emojireactions.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SubscriberIT {

  /** This module's one broker (see SharedKafka). */
  @RegisterExtension
  static final KafkaExtension KAFKA = SharedKafka.KAFKA;

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** A subscriber on its own thread collecting message values. */
  private static final class Running implements AutoCloseable {
    final Subscriber subscriber;
    final List<String> seen = new ArrayList<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final CountDownLatch done = new CountDownLatch(1);

    Running(SubscriberConfig config, Function<Running, MessageHandler> handler) {
      subscriber = Subscriber.create(config);
      MessageHandler h = handler.apply(this);
      Thread thread = new Thread(() -> {
        try {
          subscriber.run(h);
        } catch (Throwable t) {
          failure.set(t);
        } finally {
          done.countDown();
        }
      }, "test-subscriber");
      thread.start();
    }

    Running(SubscriberConfig config) {
      this(config, self -> self::record);
    }

    void record(SubscribedMessage message) {
      synchronized (seen) {
        seen.add(message.json());
        seen.notifyAll();
      }
    }

    /** Waits (up to the timeout) until at least {@code n} messages were seen. */
    void awaitSeen(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      synchronized (seen) {
        while (seen.size() < n) {
          long left = deadline - System.nanoTime();
          if (left <= 0 || done.getCount() == 0) {
            throw new AssertionError("saw " + seen.size() + " of " + n + " messages", failure.get());
          }
          seen.wait(Math.max(1, left / 1_000_000));
        }
      }
    }

    void awaitStopped() throws InterruptedException {
      assertThat(done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("subscriber stopped").isTrue();
    }

    @Override
    public void close() {
      subscriber.close();
    }
  }

  private static String topic(String name) {
    String topic = KafkaTestSupport.prefix(name);
    SharedKafka.get().createTopic(topic, 3, 1, Map.of());
    return topic;
  }

  private static List<String> produce(String topic, int from, int to) {
    List<String> values = new ArrayList<>();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String value = "m-" + i;
      values.add(value);
      records.add(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
    }
    KafkaTestSupport.produceRecords(SharedKafka.bootstrap(), records);
    return values;
  }

  private static SubscriberConfig config(String topic, String group) {
    return SubscriberConfig.of(SharedKafka.connection(), topic, group).withMaxPollRecords(25);
  }

  @Test
  void restartedSubscriberContinuesFromItsCheckpointWithNoGapAndNoDuplicate() throws Exception {
    String topic = topic("resume");
    List<String> first = produce(topic, 0, 100);
    CountDownLatch stopAfter40 = new CountDownLatch(40);
    // The handler itself stops the subscriber after 40 messages: a clean close checkpoints exactly those.
    Running one = new Running(config(topic, "resume"), self -> message -> {
      self.record(message);
      stopAfter40.countDown();
      if (stopAfter40.getCount() == 0) {
        self.subscriber.close();
      }
    });
    one.awaitStopped();
    assertThat(one.failure.get()).isNull();
    assertThat(one.seen).hasSize(40);
    assertThat(committedTotal(topic, "resume")).isEqualTo(40);

    List<String> second = produce(topic, 100, 150);
    try (Running two = new Running(config(topic, "resume"))) {
      two.awaitSeen(110);
      two.close();
      two.awaitStopped();
      List<String> all = new ArrayList<>(one.seen);
      all.addAll(two.seen);
      List<String> expected = new ArrayList<>(first);
      expected.addAll(second);
      assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(committedTotal(topic, "resume")).isEqualTo(150);
  }

  @Test
  void aFailingHandlerCheckpointsTheMessagesBeforeItAndOnlyTheFailedOneIsDeliveredAgain() throws Exception {
    String topic = topic("failing");
    List<String> values = produce(topic, 0, 60);
    CountDownLatch failAt30 = new CountDownLatch(30);
    Running one = new Running(config(topic, "failing"), self -> message -> {
      failAt30.countDown();
      if (failAt30.getCount() == 0) {
        throw new IllegalStateException("warehouse down");
      }
      self.record(message);
    });
    one.awaitStopped();
    assertThat(one.failure.get()).isInstanceOf(SubscriberException.class).hasMessageContaining("warehouse down")
        .hasMessageContaining("will be delivered again");
    assertThat(one.seen).hasSize(29);

    try (Running two = new Running(config(topic, "failing"))) {
      two.awaitSeen(31);
      two.close();
      two.awaitStopped();
      List<String> all = new ArrayList<>(one.seen);
      all.addAll(two.seen);
      assertThat(all).containsExactlyInAnyOrderElementsOf(values);
    }
  }

  @Test
  void lateSubscriberWithEarliestReplaysEverythingWithoutDisturbingAnotherGroup() throws Exception {
    String topic = topic("late");
    List<String> values = produce(topic, 0, 80);
    try (Running early = new Running(config(topic, "early"))) {
      early.awaitSeen(80);
      // A late subscriber in another group joins, replays everything from the start...
      try (Running late = new Running(config(topic, "late").withStartFrom(StartFrom.earliest()))) {
        late.awaitSeen(80);
        List<String> more = produce(topic, 80, 100);
        // ...and both groups get every new message: neither steals from the other.
        late.awaitSeen(100);
        early.awaitSeen(100);
        List<String> all = new ArrayList<>(values);
        all.addAll(more);
        late.close();
        late.awaitStopped();
        early.close();
        early.awaitStopped();
        assertThat(late.seen).containsExactlyInAnyOrderElementsOf(all);
        assertThat(early.seen).containsExactlyInAnyOrderElementsOf(all);
      }
    }
  }

  @Test
  void earliestIgnoresTheCheckpointAndLatestSkipsHistory() throws Exception {
    String topic = topic("positions");
    List<String> history = produce(topic, 0, 30);
    try (Running first = new Running(config(topic, "pos"))) {
      first.awaitSeen(30);
    }
    // Same group, but earliest: the replay starts over despite the checkpoint at the end.
    try (Running replay = new Running(config(topic, "pos").withStartFrom(StartFrom.earliest()))) {
      replay.awaitSeen(30);
      replay.close();
      replay.awaitStopped();
      assertThat(replay.seen).containsExactlyInAnyOrderElementsOf(history);
    }
    try (Running live = new Running(config(topic, "live").withStartFrom(StartFrom.latest()))) {
      assertThat(live.subscriber.awaitReady(TIMEOUT)).isTrue();
      List<String> fresh = produce(topic, 30, 40);
      live.awaitSeen(10);
      live.close();
      live.awaitStopped();
      assertThat(live.seen).containsExactlyInAnyOrderElementsOf(fresh);
    }
  }

  @Test
  void timestampStartReplaysFromTheFirstRecordAtOrAfterIt() throws Exception {
    String topic = topic("timestamp");
    Instant t0 = Instant.now().minusSeconds(600);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<String> fromMinute5 = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String value = "at-minute-" + i;
      records.add(new ProducerRecord<>(topic, i % 3, t0.plusSeconds(60L * i).toEpochMilli(), null, value.getBytes(StandardCharsets.UTF_8)));
      if (i >= 5) {
        fromMinute5.add(value);
      }
    }
    KafkaTestSupport.produceRecords(SharedKafka.bootstrap(), records);
    try (Running replay = new Running(config(topic, "ts").withStartFrom(StartFrom.at(t0.plusSeconds(300))))) {
      replay.awaitSeen(5);
      replay.close();
      replay.awaitStopped();
      assertThat(replay.seen).containsExactlyInAnyOrderElementsOf(fromMinute5);
    }
  }

  @Test
  void maxMergeViewOverASubscriberGivesExactCountsFromRepeatedUpdates() throws Exception {
    String topic = topic("merge");
    List<WindowedCount> finals = KafkaTestSupport.counts(20);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (WindowedCount last : finals) {
      for (long n = 1; n <= last.reactionCount(); n++) {
        WindowedCount update = new WindowedCount(last.room(), last.window(), last.emoji(), n, 1, false);
        byte[] key = WindowedCountJson.key(last.room(), last.emoji()).getBytes(StandardCharsets.UTF_8);
        records.add(new ProducerRecord<>(topic, key, WindowedCountJson.toJson(update)));
        records.add(new ProducerRecord<>(topic, key, WindowedCountJson.toJson(update))); // at-least-once repeat
      }
    }
    KafkaTestSupport.produceRecords(SharedKafka.bootstrap(), records);
    MaxMergeView view = new MaxMergeView();
    try (Running merging = new Running(config(topic, "merge"), self -> message -> {
      view.handler().handle(message);
      self.record(message);
    })) {
      merging.awaitSeen(records.size());
    }
    assertThat(view.snapshot()).containsExactlyInAnyOrderElementsOf(finals);
  }

  private static long committedTotal(String topic, String group) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrap()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      long total = 0;
      for (var e : offsets.entrySet()) {
        if (e.getKey().topic().equals(topic) && e.getValue() != null) {
          total += e.getValue().offset();
        }
      }
      // Offsets start at 0 in a fresh topic, so the sum of next offsets is the number of checkpointed messages.
      assertThat(admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.earliest())).all().get()
          .values().iterator().next().offset()).isZero();
      return total;
    }
  }
}
