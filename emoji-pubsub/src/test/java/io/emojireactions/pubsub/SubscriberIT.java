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
      this(config, handler, null);
    }

    private Running(SubscriberConfig config, Function<Running, MessageHandler> handler, Function<Running, BatchHandler> batches) {
      subscriber = Subscriber.create(config);
      Runnable body;
      if (batches == null) {
        MessageHandler h = handler.apply(this);
        body = () -> subscriber.run(h);
      } else {
        BatchHandler h = batches.apply(this);
        body = () -> subscriber.runBatches(h);
      }
      Thread thread = new Thread(() -> {
        try {
          body.run();
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

    /** A subscriber in batch mode. */
    static Running batches(SubscriberConfig config, Function<Running, BatchHandler> handler) {
      return new Running(config, null, handler);
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

    /** Waits until {@code n} messages were seen, stops the subscriber and returns what it saw. */
    List<String> stopAfterSeeing(int n) throws InterruptedException {
      awaitSeen(n);
      close();
      awaitStopped();
      return seen;
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
    return SubscriberConfig.builder().kafka(SharedKafka.connection()).topic(topic).groupId(group).maxPollRecords(25).build();
  }

  private static SubscriberConfig stopping(String topic, String group) {
    return config(topic, group).toBuilder().onHandlerFailure(OnHandlerFailure.STOP).build();
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
      assertNoGapNoDuplicate(one.seen, two.stopAfterSeeing(110), first, second);
    }
    assertThat(committedTotal(topic, "resume")).isEqualTo(150);
  }

  @Test
  void underTheStopPolicyAFailingHandlerCheckpointsTheMessagesBeforeItAndOnlyTheFailedOneIsDeliveredAgain() throws Exception {
    String topic = topic("failing");
    List<String> values = produce(topic, 0, 60);
    CountDownLatch failAt30 = new CountDownLatch(30);
    Running one = new Running(stopping(topic, "failing"), self -> message -> {
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
    assertThat(one.subscriber.deadLetterCount()).isZero();
    assertThat(one.subscriber.retryCount()).isZero();

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
      try (Running late = new Running(config(topic, "late").toBuilder().startFrom(StartFrom.earliest()).build())) {
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
    try (Running replay = new Running(config(topic, "pos").toBuilder().startFrom(StartFrom.earliest()).build())) {
      replay.awaitSeen(30);
      replay.close();
      replay.awaitStopped();
      assertThat(replay.seen).containsExactlyInAnyOrderElementsOf(history);
    }
    try (Running live = new Running(config(topic, "live").toBuilder().startFrom(StartFrom.latest()).build())) {
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
    try (Running replay = new Running(config(topic, "ts").toBuilder().startFrom(StartFrom.at(t0.plusSeconds(300))).build())) {
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

  @Test
  void batchModeHandsOverEachPollWholeAndCheckpointsItOnlyAfterTheHandlerReturned() throws Exception {
    String topic = topic("batches");
    List<String> first = produce(topic, 0, 100);
    List<Integer> sizes = new ArrayList<>();
    // Each batch checks that the checkpoint holds exactly the batches before it, then the handler
    // stops the subscriber once 40 messages were handled: the batch in hand is still checkpointed.
    Running one = Running.batches(config(topic, "batches"), self -> batch -> {
      synchronized (self.seen) {
        assertThat(committedTotal(topic, "batches")).isEqualTo(self.seen.size());
      }
      sizes.add(batch.size());
      batch.forEach(self::record);
      if (self.seen.size() >= 40) {
        self.subscriber.close();
      }
    });
    one.awaitStopped();
    assertThat(one.failure.get()).isNull();
    assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, 25));
    assertThat(one.seen).hasSize(sizes.stream().mapToInt(Integer::intValue).sum()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(committedTotal(topic, "batches")).isEqualTo(one.seen.size());

    // A restart in the same group, batch mode again, continues with no gap and no duplicate.
    List<String> second = produce(topic, 100, 150);
    try (Running two = Running.batches(config(topic, "batches"), self -> batch -> batch.forEach(self::record))) {
      assertNoGapNoDuplicate(one.seen, two.stopAfterSeeing(150 - one.seen.size()), first, second);
    }
    assertThat(committedTotal(topic, "batches")).isEqualTo(150);
  }

  @Test
  void underTheStopPolicyAFailingBatchHandlerCheckpointsNothingOfItsBatchAndTheRestartGetsAllOfItAgain() throws Exception {
    String topic = topic("failing_batch");
    List<String> values = produce(topic, 0, 60);
    List<List<String>> batches = new ArrayList<>();
    Running one = Running.batches(stopping(topic, "failing_batch"), self -> batch -> {
      batches.add(batch.stream().map(SubscribedMessage::json).toList());
      if (batches.size() == 2) {
        throw new IllegalStateException("database down");
      }
      batch.forEach(self::record);
    });
    one.awaitStopped();
    assertThat(one.failure.get()).isInstanceOf(SubscriberException.class).hasMessageContaining("database down")
        .hasMessageContaining(batches.get(1).size() + " messages").hasMessageContaining("will be delivered again")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(one.seen).containsExactlyElementsOf(batches.get(0));
    assertThat(committedTotal(topic, "failing_batch")).isEqualTo(batches.get(0).size());

    try (Running two = Running.batches(config(topic, "failing_batch"), self -> batch -> batch.forEach(self::record))) {
      List<String> again = two.stopAfterSeeing(60 - one.seen.size());
      assertThat(again).containsAll(batches.get(1));
      assertNoGapNoDuplicate(one.seen, again, values, List.of());
    }
  }

  @Test
  void aSubscriberClosedBeforeItRanReturnsAtOnceFromEitherMode() {
    String topic = topic("closed_first");
    for (boolean batches : new boolean[] {false, true}) {
      Subscriber subscriber = Subscriber.create(config(topic, "closed_first"));
      subscriber.close();
      long started = System.nanoTime();
      if (batches) {
        subscriber.runBatches(batch -> {
          throw new AssertionError("handled a batch after close()");
        });
      } else {
        subscriber.run(message -> {
          throw new AssertionError("handled a message after close()");
        });
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }
  }

  /** What a subscriber saw before and after its restart is exactly what was produced, as a multiset. */
  private static void assertNoGapNoDuplicate(List<String> before, List<String> after, List<String> produced, List<String> producedLater) {
    List<String> all = new ArrayList<>(before);
    all.addAll(after);
    List<String> expected = new ArrayList<>(produced);
    expected.addAll(producedLater);
    assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
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
