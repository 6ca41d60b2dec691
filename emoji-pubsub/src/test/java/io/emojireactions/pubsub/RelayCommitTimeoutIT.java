package io.emojireactions.pubsub;

import static io.emojireactions.pubsub.KafkaTestSupport.assertExactly;
import static io.emojireactions.pubsub.KafkaTestSupport.counts;
import static io.emojireactions.pubsub.KafkaTestSupport.json;
import static io.emojireactions.pubsub.KafkaTestSupport.produce;
import static io.emojireactions.pubsub.KafkaTestSupport.readAll;
import static io.emojireactions.pubsub.KafkaTestSupport.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.KafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The relay through its producer's fault paths, with a real fault: the broker is frozen (SIGSTOP)
 * in the middle of a batch's transaction, before its offsets join it or just before its commit,
 * for longer than the producer's {@code max.block.ms}. The transaction's calls then time out; the relay calls them again, as the
 * producer's contract requires, instead of exiting, and once the broker is back every main-topic
 * message is on the cluster topic exactly once.
 */
class RelayCommitTimeoutIT {

  @RegisterExtension
  static final KafkaExtension KAFKA = SharedKafka.KAFKA;

  private static final Duration FROZEN = Duration.ofSeconds(10);

  @Test
  void aBrokerFrozenBeforeTheOffsetsJoinTheTransactionIsWaitedOutAndEveryMessageLandsOnce() throws Exception {
    // AddOffsetsToTxn times out: the batch is aborted (an abort that times out is called again) and relayed again.
    assertFrozenAtWaitedOutAndExactlyOnce("abort", true);
  }

  @Test
  void aBrokerFrozenDuringTheCommitIsWaitedOutByCallingTheCommitAgain() throws Exception {
    // EndTxn(commit) times out: only commitTransaction may be called then; it is, until it succeeds.
    assertFrozenAtWaitedOutAndExactlyOnce("commit", false);
  }

  @Test
  void aRelayFencedByAnotherWithItsTransactionalIdStopsWithAMessageSayingSo() throws Exception {
    String prefix = KafkaTestSupport.prefix("fenced");
    FanOutTopology topology = KafkaTestSupport.topology(prefix, 1, Routing.hash());
    assertThat(TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(3, 1))).allMatch(TopicStatus::ok);
    RelayConfig config = RelayConfig.builder().topology(topology).kafka(SharedKafka.connection())
        .groupId(prefix + "-relay").transactionalId(prefix + "-tx").maxPollRecords(100).build();
    produce(SharedKafka.bootstrap(), topology.mainTopic(), json(counts(100)));
    Started first = start(config);
    Started second = null;
    try {
      Await.until("the first relay's first batch", Duration.ofSeconds(60), () -> first.committed.get() > 0 || first.failure.get() != null);
      second = start(config);
      // More input: the first relay's next transaction or poll finds it fenced.
      produce(SharedKafka.bootstrap(), topology.mainTopic(), json(counts(100)));
      Await.until("the first relay to stop", Duration.ofSeconds(120), () -> first.failure.get() != null);
    } finally {
      first.stop();
      if (second != null) {
        second.stop();
      }
    }
    String expected = "another relay took over transactional id '" + prefix + "-tx' (this instance was fenced)";
    assertThat(first.failure.get()).hasMessageContaining(expected).hasMessageContaining("give each its own");
    // Two relays sharing an id can fence each other back (the consumer's static membership is keyed
    // by it too); whichever stops says why.
    if (second.failure.get() != null) {
      assertThat(second.failure.get()).hasMessageContaining(expected);
    }
  }

  /** A relay on its own thread, with what it committed and how it ended. */
  private record Started(FanOutRelay relay, Thread thread, AtomicLong committed, AtomicReference<Throwable> failure) {
    void stop() throws InterruptedException {
      relay.close();
      thread.join(30_000);
    }
  }

  private static Started start(RelayConfig config) {
    return start(config, RelayListener.NONE);
  }

  /** Starts a relay whose listener counts its commits and passes every other event to {@code listener}. */
  private static Started start(RelayConfig config, RelayListener listener) {
    AtomicLong committed = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    FanOutRelay relay = FanOutRelay.create(config, new RelayListener() {
      @Override
      public void onBatchSent(int records, int deadLetters) {
        listener.onBatchSent(records, deadLetters);
      }

      @Override
      public void onCommitting(int records) {
        listener.onCommitting(records);
      }

      @Override
      public void onCommitted(int records, int deadLetters) {
        committed.addAndGet(records);
        listener.onCommitted(records, deadLetters);
      }

      @Override
      public void onAborted(Exception cause) {
        listener.onAborted(cause);
      }

      @Override
      public void onTimedOut(String call, Exception cause) {
        listener.onTimedOut(call, cause);
      }
    });
    Thread thread = new Thread(() -> {
      try {
        relay.run();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "test-relay");
    thread.start();
    return new Started(relay, thread, committed, failure);
  }

  private void assertFrozenAtWaitedOutAndExactlyOnce(String name, boolean beforeOffsets) throws Exception {
    String prefix = KafkaTestSupport.prefix("timeout-" + name);
    FanOutTopology topology = KafkaTestSupport.topology(prefix, 1, Routing.hash());
    assertThat(TopologyAdmin.ensureTopics(topology, SharedKafka.connection(), TopicSettings.of(3, 1))).allMatch(TopicStatus::ok);
    List<byte[]> input = json(counts(600));
    produce(SharedKafka.bootstrap(), topology.mainTopic(), input);

    // Transactional calls give up after 2 s; the broker stays frozen 10 s.
    RelayConfig config = RelayConfig.builder().topology(topology)
        .kafka(new KafkaConnection(SharedKafka.bootstrap(), Map.of("max.block.ms", "2000")))
        .groupId(prefix + "-relay").transactionalId(prefix + "-tx").maxPollRecords(100).build();
    AtomicBoolean frozen = new AtomicBoolean();
    AtomicBoolean resumed = new AtomicBoolean();
    Map<String, AtomicInteger> timeouts = new ConcurrentHashMap<>();
    ScheduledExecutorService resumer = Executors.newSingleThreadScheduledExecutor();
    Started started = start(config, new RelayListener() {
      @Override
      public void onBatchSent(int records, int deadLetters) {
        if (beforeOffsets) {
          freezeOnce();
        }
      }

      @Override
      public void onCommitting(int records) {
        if (!beforeOffsets) {
          freezeOnce();
        }
      }

      private void freezeOnce() {
        if (frozen.compareAndSet(false, true)) {
          SharedKafka.get().pauseNode(0);
          resumer.schedule(() -> {
            SharedKafka.get().resumeNode(0);
            resumed.set(true);
          }, FROZEN.toMillis(), TimeUnit.MILLISECONDS);
        }
      }

      @Override
      public void onTimedOut(String call, Exception cause) {
        timeouts.computeIfAbsent(call, k -> new AtomicInteger()).incrementAndGet();
      }
    });
    FanOutRelay relay = started.relay();
    try {
      Await.until("every main-topic message committed", Duration.ofSeconds(120),
          () -> started.committed().get() >= input.size() || started.failure().get() != null);
      assertThat(started.failure().get()).as("the relay ended").isNull();
      assertThat(resumed.get()).as("committed only after the broker came back").isTrue();
    } finally {
      started.stop();
      resumer.shutdown();
      if (!resumer.awaitTermination(FROZEN.toSeconds() + 10, TimeUnit.SECONDS)) {
        SharedKafka.get().resumeNode(0);
      }
    }
    assertThat(started.failure().get()).isNull();
    // The freeze hit the transaction: some call of it timed out and was called again.
    assertThat(timeouts).as("timed-out transactional calls").containsOnlyKeys(beforeOffsets ? "abortTransaction" : "commitTransaction");
    assertThat(relay.abortedBatches()).as("batches rolled back").isEqualTo(beforeOffsets ? 1 : 0);
    assertExactly(SharedKafka.bootstrap(), topology.clusters().get(0).topic(), strings(input));
    assertThat(readAll(SharedKafka.bootstrap(), topology.dlqTopic(), true, 0)).isEmpty();
    System.out.printf("RelayCommitTimeoutIT (%s): broker frozen %d s; timed-out calls %s; aborted batches %d; %d messages exactly once%n",
        name, FROZEN.toSeconds(), timeouts, relay.abortedBatches(), input.size());
  }
}
