package io.emojireactions.pubsub;

import io.emojireactions.core.DeadLetterCodec;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The subscriber's failure policy on a real broker: by default a poison message is retried, then
 * dead-lettered and passed, and every other message is handled exactly once in order; a handler
 * whose own resources are down stops the subscriber whatever the policy; a close during a backoff
 * is prompt. (Under {@link OnHandlerFailure#STOP}, today's stop-and-redeliver is SubscriberIT's.)
 */
class SubscriberFailurePolicyIT {

  @RegisterExtension
  static final KafkaExtension KAFKA = SharedKafka.KAFKA;

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Records each outcome the listener hears. */
  private static final class Outcomes implements SubscriberListener {
    final List<Long> backoffsMs = new CopyOnWriteArrayList<>();
    final List<String> deadLettered = new CopyOnWriteArrayList<>();
    final AtomicReference<Exception> stopped = new AtomicReference<>();

    @Override
    public void onRetry(int attempt, Duration backoff, Exception cause) {
      backoffsMs.add(backoff.toMillis());
    }

    @Override
    public void onDeadLettered(SubscribedMessage message, String reason, String explanation) {
      deadLettered.add(message.offset() + ":" + reason);
    }

    @Override
    public void onStopped(Exception cause) {
      stopped.set(cause);
    }
  }

  private static String topic(String name) {
    String topic = KafkaTestSupport.prefix(name);
    SharedKafka.get().createTopic(topic, 1, 1, Map.of()); // one partition: one order to check
    return topic;
  }

  private static SubscriberConfig.Builder config(String topic) {
    return SubscriberConfig.builder().kafka(SharedKafka.connection()).topic(topic).groupId(topic + "-group").maxPollRecords(10)
        .retryBackoff(Duration.ofMillis(50)).maxRetryBackoff(Duration.ofMillis(80));
  }

  /** Runs {@code body} on its own thread until {@code until} holds (or the timeout), then closes the subscriber. */
  private static Throwable runUntil(Subscriber subscriber, Runnable body, java.util.function.BooleanSupplier until) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "test-subscriber");
    thread.start();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!until.getAsBoolean() && thread.isAlive() && System.nanoTime() < deadline) {
      thread.join(20);
    }
    subscriber.close();
    thread.join(TIMEOUT.toMillis());
    assertThat(thread.isAlive()).as("subscriber thread ended").isFalse();
    return failure.get();
  }

  @Test
  void aHandlerThatThrowsForOnePoisonMessageIsRetriedThenTheMessageIsDeadLetteredAndEveryOtherIsHandledOnceInOrder() throws Exception {
    String topic = topic("poison");
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      records.add(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8), ("m-" + i).getBytes(StandardCharsets.UTF_8)));
    }
    KafkaTestSupport.produceRecords(SharedKafka.bootstrap(), records);
    List<String> handled = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger poisonAttempts = new AtomicInteger();
    Outcomes outcomes = new Outcomes();
    Subscriber subscriber = Subscriber.create(config(topic).build(), outcomes);

    Throwable failure = runUntil(subscriber, () -> subscriber.run(message -> {
      if (message.json().equals("m-20")) {
        poisonAttempts.incrementAndGet();
        throw new IllegalStateException("cannot handle m-20");
      }
      handled.add(message.json());
    }), () -> handled.size() == 49);

    assertThat(failure).isNull();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      if (i != 20) {
        expected.add("m-" + i);
      }
    }
    assertThat(handled).containsExactlyElementsOf(expected);
    assertThat(poisonAttempts).hasValue(3);
    assertThat(outcomes.backoffsMs).containsExactly(50L, 80L);
    assertThat(outcomes.deadLettered).containsExactly("20:HANDLER_FAILED");
    assertThat(outcomes.stopped.get()).isNull();
    assertThat(subscriber.handledCount()).isEqualTo(49);
    assertThat(subscriber.retryCount()).isEqualTo(2);
    assertThat(subscriber.deadLetterCount()).isEqualTo(1);
    // The subscriber created <topic>_dlq; the poison message is there once, in the shared envelope, with why and where from.
    List<ConsumerRecord<byte[], byte[]>> dlq = KafkaTestSupport.readAll(SharedKafka.bootstrap(), topic + "_dlq", true, 1);
    assertThat(dlq).hasSize(1);
    ConsumerRecord<byte[], byte[]> dead = dlq.get(0);
    DeadLetterCodec.Decoded letter = DeadLetterCodec.decode(dead.value());
    assertThat(new String(letter.original(), StandardCharsets.UTF_8)).isEqualTo("m-20");
    assertThat(letter.truncated()).isFalse();
    assertThat(letter.reason()).isEqualTo(DeadLetters.HANDLER_FAILED);
    assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(topic + "-0@20");
    assertThat(KafkaTestSupport.header(dead, DeadLetters.REASON)).isEqualTo(DeadLetters.HANDLER_FAILED);
    assertThat(KafkaTestSupport.header(dead, DeadLetters.MESSAGE)).isEqualTo("IllegalStateException: cannot handle m-20");
    assertThat(KafkaTestSupport.header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo(topic);
    assertThat(KafkaTestSupport.header(dead, DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(KafkaTestSupport.header(dead, DeadLetters.SOURCE_OFFSET)).isEqualTo("20");
    // The checkpoint passed it: a restart of the group has nothing left to deliver.
    assertThat(committed(topic + "-group", topic)).isEqualTo(50);
  }

  @Test
  void inBatchModeAnInvalidMessageIsIsolatedAndDeadLetteredAtOnceAndATransientFailureIsRetriedAway() throws Exception {
    String topic = topic("poison_batch");
    List<byte[]> values = new ArrayList<>(KafkaTestSupport.json(KafkaTestSupport.counts(40)));
    values.set(15, "{\"not\":\"an output message\"}".getBytes(StandardCharsets.UTF_8));
    KafkaTestSupport.produce(SharedKafka.bootstrap(), topic, values);
    List<String> effects = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger transientFailures = new AtomicInteger();
    Outcomes outcomes = new Outcomes();
    Subscriber subscriber = Subscriber.create(config(topic).maxAttempts(2).build(), outcomes);

    Throwable failure = runUntil(subscriber, () -> subscriber.runBatches(batch -> {
      List<String> parsed = new ArrayList<>();
      for (SubscribedMessage m : batch) {
        parsed.add(WindowedCountJson.toJsonString(m.count())); // throws InvalidMessageException at offset 15
      }
      if (batch.stream().anyMatch(m -> m.offset() == 30) && transientFailures.getAndIncrement() == 0) {
        throw new IllegalStateException("database busy");
      }
      effects.addAll(parsed); // the batch's effect happens only when the whole batch succeeds
    }), () -> effects.size() == 39);

    assertThat(failure).isNull();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      if (i != 15) {
        expected.add(new String(values.get(i), StandardCharsets.UTF_8));
      }
    }
    assertThat(effects).containsExactlyElementsOf(expected);
    // No retry of the invalid message (nor of its batch); one retry of the batch that failed once.
    assertThat(outcomes.backoffsMs).containsExactly(50L);
    assertThat(transientFailures).hasValue(2);
    assertThat(outcomes.deadLettered).containsExactly("15:INVALID_MESSAGE");
    List<ConsumerRecord<byte[], byte[]>> dlq = KafkaTestSupport.readAll(SharedKafka.bootstrap(), topic + "_dlq", true, 1);
    assertThat(dlq).hasSize(1);
    assertThat(DeadLetterCodec.decode(dlq.get(0).value()).original()).isEqualTo(values.get(15));
    assertThat(KafkaTestSupport.header(dlq.get(0), DeadLetters.REASON)).isEqualTo(DeadLetters.INVALID_MESSAGE);
    assertThat(KafkaTestSupport.header(dlq.get(0), DeadLetters.MESSAGE)).isNotBlank();
    assertThat(committed(topic + "-group", topic)).isEqualTo(40);
  }

  @Test
  void aHandlerWhoseResourcesAreDownStopsTheSubscriberWithoutDeadLetteringAndTheMessageComesBack() throws Exception {
    String topic = topic("unavailable");
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      values.add(("m-" + i).getBytes(StandardCharsets.UTF_8));
    }
    KafkaTestSupport.produce(SharedKafka.bootstrap(), topic, values);
    Outcomes outcomes = new Outcomes();
    Subscriber subscriber = Subscriber.create(config(topic).build(), outcomes);
    List<String> handled = Collections.synchronizedList(new ArrayList<>());

    Throwable failure = runUntil(subscriber, () -> subscriber.run(message -> {
      if (message.offset() == 5) {
        throw new HandlerUnavailableException("database unreachable", null);
      }
      handled.add(message.json());
    }), () -> false);

    assertThat(failure).isInstanceOf(SubscriberException.class).hasMessageContaining("database unreachable")
        .hasMessageContaining("at offset 5").hasCauseInstanceOf(HandlerUnavailableException.class);
    assertThat(outcomes.stopped.get()).isSameAs(failure);
    assertThat(handled).containsExactly("m-0", "m-1", "m-2", "m-3", "m-4");
    assertThat(subscriber.deadLetterCount()).isZero();
    assertThat(subscriber.retryCount()).isZero();
    assertThat(committed(topic + "-group", topic)).isEqualTo(5);
  }

  @Test
  void aCloseDuringARetryBackoffStopsPromptlyWithTheFailingMessageNotCheckpointed() throws Exception {
    String topic = topic("close_in_backoff");
    KafkaTestSupport.produce(SharedKafka.bootstrap(), topic, List.of("m-0".getBytes(StandardCharsets.UTF_8),
        "m-1".getBytes(StandardCharsets.UTF_8)));
    Outcomes outcomes = new Outcomes();
    Subscriber subscriber = Subscriber.create(config(topic).retryBackoff(Duration.ofMinutes(5)).maxRetryBackoff(Duration.ofMinutes(5))
        .build(), outcomes);
    long[] closeStarted = new long[1];
    Throwable failure = runUntil(subscriber, () -> subscriber.run(message -> {
      if (message.offset() == 1) {
        throw new IllegalStateException("always");
      }
    }), () -> {
      boolean inBackoff = !outcomes.backoffsMs.isEmpty();
      if (inBackoff) {
        closeStarted[0] = System.nanoTime();
      }
      return inBackoff;
    });
    assertThat(Duration.ofNanos(System.nanoTime() - closeStarted[0])).isLessThan(Duration.ofSeconds(10));
    assertThat(failure).isNull();
    assertThat(subscriber.deadLetterCount()).isZero();
    assertThat(committed(topic + "-group", topic)).isEqualTo(1);
  }

  private static long committed(String group, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrap()))) {
      OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
          .get(new TopicPartition(topic, 0));
      return offset == null ? 0 : offset.offset();
    }
  }
}
