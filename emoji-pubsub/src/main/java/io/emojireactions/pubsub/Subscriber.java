package io.emojireactions.pubsub;

import io.emojireactions.core.DeadLetter;

import io.emojireactions.core.DeadLetterCodec;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.pubsub.internal.ConsumerLoop;
import io.emojireactions.pubsub.internal.DeadLetterRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic of the fan-out tree in its own consumer group and hands each message to a
 * {@link MessageHandler}.
 *
 * <p>Checkpoint: offsets are committed only for messages whose handler returned, after each poll
 * (and before stopping). After a crash the subscriber resumes from the checkpoint: nothing is
 * lost, and at most the messages handled since the last checkpoint are seen again. With
 * {@link WindowedCount#mergeMax} (see {@link MaxMergeView}) such repeats change nothing.
 *
 * <p>Failures: when the handler throws, {@link SubscriberConfig#onHandlerFailure()} decides. By
 * default ({@link OnHandlerFailure#RETRY_THEN_DEAD_LETTER}) the message is retried with a doubling
 * backoff, then written to {@link SubscriberConfig#deadLetterTopic()} ({@code <topic>_dlq}, see
 * {@link DeadLetters}) and passed: one poison message never stops the subscriber. With
 * {@link OnHandlerFailure#STOP} the subscriber stops and the message is delivered again after a
 * restart. The outcomes are counted ({@link #handledCount()}, {@link #retryCount()},
 * {@link #deadLetterCount()}) and reported to a {@link SubscriberListener}.
 *
 * <p>Reads with {@code isolation.level=read_committed}, so aborted relay transactions are never
 * seen. Subscribers with distinct group ids are independent: one joining or leaving does not
 * disturb the others.
 *
 * <pre>{@code
 * try (Subscriber subscriber = Subscriber.create(SubscriberConfig.of(kafka, "emoji_cluster_1_sub2", "dashboard"))) {
 *   MaxMergeView view = new MaxMergeView();
 *   subscriber.run(message -> view.merge(message.count()));  // until close() from another thread
 * }
 * }</pre>
 *
 * <p>Batch mode, {@link #runBatches}: the handler gets each poll's messages (at most
 * {@link SubscriberConfig#maxPollRecords()}) as one list, and the whole batch is checkpointed once
 * the handler returned; for handlers whose effect is one transaction per batch (a database write,
 * a set of produced records awaited together).
 *
 * {@link #run} and {@link #runBatches} block their thread, and one of them may be called once;
 * {@link #close()} may be called from any thread.
 */
public final class Subscriber implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Subscriber.class);

  private final SubscriberConfig config;
  private final SubscriberListener listener;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Set<TopicPartition> positioned = new HashSet<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final ConsumerLoop loop;
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  /** Made on the first dead letter: a subscriber that never needs one never opens a producer. */
  private volatile Producer<byte[], byte[]> deadLetterProducer;

  private Subscriber(SubscriberConfig config, SubscriberListener listener) {
    this.config = config;
    this.listener = listener;
    Map<String, Object> consumerConfig = KafkaClientConfigs.consumer(
        config.kafka(), "emoji-subscriber-" + config.groupId(), config.groupId());
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
    consumerConfig.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollIntervalMs(config, consumerConfig.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)));
    config.instanceId().ifPresent(id -> consumerConfig.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    this.consumer = new KafkaConsumer<>(consumerConfig);
    this.loop = new ConsumerLoop("subscriber of " + config.topic(), consumer, this::closeClients, this::forceClose);
  }

  /** Kafka's default {@code max.poll.interval.ms}: the time left for handling when no retry waits. */
  private static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

  /**
   * {@code max.poll.interval.ms} with room for the retry policy's waits: a poll's records may all be
   * retried with every backoff (twice in batch mode: the whole batch, then one by one) before the
   * next poll, and a consumer that does not poll within the interval is dropped from its group, so
   * its checkpoint could never pass the poll. The given value (or Kafka's default) is kept for the
   * handler's own time, on top.
   */
  static int maxPollIntervalMs(SubscriberConfig config, Object given) {
    long base = given == null ? DEFAULT_MAX_POLL_INTERVAL_MS : Long.parseLong(given.toString().trim());
    long waits = 0;
    if (config.onHandlerFailure() != OnHandlerFailure.STOP) {
      for (int attempt = 1; attempt < config.maxAttempts(); attempt++) {
        waits += config.backoffAfter(attempt).toMillis();
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, base + 2L * config.maxPollRecords() * waits);
  }

  /**
   * A subscriber for {@code config}; creates its consumer, connects on {@link #run} or {@link
   * #runBatches}.
   *
   * @throws NullPointerException when {@code config} is null
   * @throws org.apache.kafka.common.KafkaException when the consumer cannot be created
   */
  public static Subscriber create(SubscriberConfig config) {
    return create(config, SubscriberListener.NONE);
  }

  /** A subscriber reporting each message's outcome to {@code listener}. */
  public static Subscriber create(SubscriberConfig config, SubscriberListener listener) {
    return new Subscriber(Objects.requireNonNull(config, "config"), Objects.requireNonNull(listener, "listener"));
  }

  /** The settings; never null. */
  public SubscriberConfig config() {
    return config;
  }

  /**
   * Handles messages one by one until {@link #close()}. May be called once, instead of
   * {@link #runBatches}; returns at once when {@link #close()} came first. A handler that throws is
   * dealt with by {@link SubscriberConfig#onHandlerFailure()}.
   *
   * @throws SubscriberException when the subscriber stops because of a handler failure (under
   *     {@link OnHandlerFailure#STOP}, on a {@link HandlerUnavailableException}, or when a dead
   *     letter could not be written): the messages before it are checkpointed, it is not
   */
  public void run(MessageHandler handler) {
    Objects.requireNonNull(handler, "handler");
    runLoop(() -> pollAndHandle(handler));
  }

  /**
   * Handles batches until {@link #close()}: each poll's messages go to {@code handler} as one list
   * (an empty poll calls nothing), and all of them are checkpointed when it returns. A
   * {@link #close()} while a batch is in hand lets the handler finish, checkpoints that batch (within
   * the stop budget) and stops. May be called once, instead of {@link #run}; returns at once when
   * {@link #close()} came first. A handler that throws is dealt with by
   * {@link SubscriberConfig#onHandlerFailure()}.
   *
   * @throws SubscriberException when the subscriber stops because of a handler failure (nothing of
   *     that batch is checkpointed; the batches before it are)
   */
  public void runBatches(BatchHandler handler) {
    Objects.requireNonNull(handler, "handler");
    runLoop(() -> pollAndHandleBatch(handler));
  }

  /**
   * Writes {@code message} to {@link SubscriberConfig#deadLetterTopic()} with {@code reason} and
   * waits for the broker's acknowledgement; for a handler that decides itself that a message cannot
   * be handled (then returns normally, so the checkpoint passes the message). Thread-safe.
   *
   * @param reason a reason code, e.g. {@link DeadLetters#INVALID_MESSAGE}: 1 to 64 characters of
   *     {@code [A-Za-z0-9_.-]}
   * @param explanation for people; null = the reason
   * @throws IllegalArgumentException when {@code reason} breaks that rule
   * @throws SubscriberException when the dead letter could not be written, or the subscriber is closed
   */
  public void deadLetter(SubscribedMessage message, String reason, String explanation) {
    Objects.requireNonNull(message, "message");
    DeadLetter.requireReason(reason);
    try {
      deadLetters().send(DeadLetterRecords.of(config.deadLetterTopic(), message.topic(), message.partition(), message.offset(),
          message.timestamp().toEpochMilli(), message.value(), reason, explanation, DeadLetterCodec.DEFAULT_MAX_BYTES)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      loop.stopFromWithin();
      throw new SubscriberException("interrupted while writing the dead letter of " + where(message)
          + " (not checkpointed, it will be delivered again)", e);
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new SubscriberException("could not write the dead letter of " + where(message) + " to " + config.deadLetterTopic()
          + " (not checkpointed, it will be delivered again): " + cause, cause);
    }
    deadLettered.incrementAndGet();
    LOG.warn("{} dead-lettered to {}: {}: {}", where(message), config.deadLetterTopic(), reason, explanation);
    listener.onDeadLettered(message, reason, explanation);
  }

  /** Messages whose handler returned normally so far (a batch counts its messages). */
  public long handledCount() {
    return handled.get();
  }

  /** Handler calls that threw and were retried so far. */
  public long retryCount() {
    return retried.get();
  }

  /** Messages written to the dead-letter topic so far. */
  public long deadLetterCount() {
    return deadLettered.get();
  }

  private void runLoop(ConsumerLoop.Step step) {
    try {
      loop.run(() -> consumer.subscribe(List.of(config.topic()), new StartPositioner()), step);
    } finally {
      ready.countDown();
    }
  }

  private void pollAndHandleBatch(BatchHandler handler) {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
    if (records.isEmpty()) {
      return;
    }
    List<SubscribedMessage> batch = new ArrayList<>(records.count());
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      batch.add(message(record));
      next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
    }
    List<SubscribedMessage> whole = Collections.unmodifiableList(batch);
    SubscribedMessage first = batch.get(0);
    Outcome outcome = attempt(() -> handler.handle(whole), whole.size(), () -> "batch handler failed on " + batch.size()
        + " messages from " + first.topic() + "-" + first.partition() + " at offset " + first.offset() + " on");
    if (outcome == Outcome.HANDLED) {
      checkpoint(next);
      return;
    }
    if (outcome == Outcome.CLOSING) {
      return; // nothing of the batch checkpointed: delivered again after a restart
    }
    // Every attempt failed: isolate the failing messages by handing them over one at a time.
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    for (SubscribedMessage message : batch) {
      if (loop.closing() || !deliver(message, m -> handler.handle(List.of(m)), done)) {
        break;
      }
      done.put(new TopicPartition(message.topic(), message.partition()), new OffsetAndMetadata(message.offset() + 1));
    }
    checkpoint(done);
  }

  private static SubscribedMessage message(ConsumerRecord<byte[], byte[]> record) {
    return new SubscribedMessage(record.topic(), record.partition(), record.offset(),
        Instant.ofEpochMilli(record.timestamp()), record.key(), record.value());
  }

  private void pollAndHandle(MessageHandler handler) {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (loop.closing()) {
        break;
      }
      SubscribedMessage message = message(record);
      if (!deliver(message, handler, done)) {
        break;
      }
      done.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
    }
    checkpoint(done);
  }

  /** What became of a message (or batch) after its attempts. */
  private enum Outcome { HANDLED, FAILED, CLOSING }

  private interface Call {
    void run() throws Exception;
  }

  /**
   * Hands {@code message} to {@code handler} under the failure policy.
   *
   * @param done the checkpoint so far, committed before a stop
   * @return true when it was handled or dead-lettered (the checkpoint may pass it); false when the
   *     subscriber is closing with it unhandled
   * @throws SubscriberException when the subscriber stops
   */
  private boolean deliver(SubscribedMessage message, MessageHandler handler, Map<TopicPartition, OffsetAndMetadata> done) {
    Exception[] last = new Exception[1];
    Outcome outcome;
    try {
      outcome = attempt(() -> {
        try {
          handler.handle(message);
        } catch (Exception e) {
          last[0] = e;
          throw e;
        }
      }, 1, () -> "handler failed on " + where(message));
    } catch (SubscriberException e) {
      checkpoint(done);
      throw e;
    }
    if (outcome != Outcome.FAILED) {
      return outcome == Outcome.HANDLED;
    }
    Exception cause = last[0];
    try {
      if (cause instanceof InvalidMessageException invalid) {
        deadLetter(message, invalid.reason(), invalid.getMessage());
      } else {
        deadLetter(message, DeadLetters.HANDLER_FAILED, describe(cause));
      }
    } catch (SubscriberException e) {
      checkpoint(done);
      listener.onStopped(e);
      throw e;
    }
    return true;
  }

  /**
   * Calls {@code call} up to {@link SubscriberConfig#maxAttempts()} times with the backoff between
   * (once under {@link OnHandlerFailure#STOP}; an {@link InvalidMessageException} is not retried).
   *
   * @throws SubscriberException when the policy says stop ({@code what} begins its message)
   */
  private Outcome attempt(Call call, int messages, Supplier<String> what) {
    for (int attempt = 1; ; attempt++) {
      try {
        call.run();
      } catch (Exception e) {
        if (config.onHandlerFailure() == OnHandlerFailure.STOP || e instanceof HandlerUnavailableException) {
          SubscriberException stop = new SubscriberException(what.get() + " (not checkpointed, "
              + (messages == 1 ? "it" : "they") + " will be delivered again): " + e.getMessage(), e);
          listener.onStopped(stop);
          throw stop;
        }
        if (e instanceof InvalidMessageException || attempt >= config.maxAttempts()) {
          return Outcome.FAILED;
        }
        Duration backoff = config.backoffAfter(attempt);
        retried.incrementAndGet();
        LOG.warn("{} (attempt {} of {}), retrying in {} ms: {}", what.get(), attempt, config.maxAttempts(), backoff.toMillis(),
            e.toString());
        listener.onRetry(attempt, backoff, e);
        if (!loop.pause(backoff)) {
          return Outcome.CLOSING;
        }
        continue;
      }
      // Outside the try: a listener that throws must not make a handled message count as failed.
      handled.addAndGet(messages);
      listener.onHandled(messages);
      return Outcome.HANDLED;
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String where(SubscribedMessage m) {
    return m.topic() + "-" + m.partition() + " at offset " + m.offset();
  }

  private Producer<byte[], byte[]> deadLetters() {
    Producer<byte[], byte[]> p = deadLetterProducer;
    if (p == null) {
      synchronized (this) {
        p = deadLetterProducer;
        if (p == null) {
          if (loop.closing()) {
            // closeClients has run or is running: a producer made now would never be closed.
            throw new SubscriberException("the subscriber of " + config.topic() + " is closed; no dead letter can be written", null);
          }
          ensureDeadLetterTopic();
          p = new KafkaProducer<>(KafkaClientConfigs.producer(config.kafka(), "emoji-subscriber-dlq-" + config.groupId()));
          deadLetterProducer = p;
        }
      }
    }
    return p;
  }

  /** Creates the dead-letter topic with the broker's defaults when it is missing (brokers may not auto-create). */
  private void ensureDeadLetterTopic() {
    try (Admin admin = Admin.create(KafkaClientConfigs.admin(config.kafka(), "emoji-subscriber-dlq-admin-" + config.groupId()))) {
      admin.createTopics(List.of(new NewTopic(config.deadLetterTopic(), Optional.empty(), Optional.empty())))
          .all().get(30, TimeUnit.SECONDS);
      LOG.info("created the dead-letter topic {}", config.deadLetterTopic());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        // No right to create topics, say: the send will tell whether the topic is usable.
        LOG.warn("could not create the dead-letter topic {}: {}", config.deadLetterTopic(), e.getCause().toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
      LOG.warn("could not create the dead-letter topic {}: {}", config.deadLetterTopic(), e.toString());
    }
  }

  /**
   * Waits until the subscriber has joined its group and positioned its partitions (so that a
   * {@link StartFrom#latest()} subscriber will see everything published after this returns true).
   *
   * @param timeout how long to wait at most
   * @return true when ready (or when the subscriber stopped before it was), false after {@code timeout}
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void checkpoint(Map<TopicPartition, OffsetAndMetadata> handled) {
    if (handled.isEmpty()) {
      return;
    }
    try {
      try {
        if (loop.closing()) {
          consumer.commitSync(handled, loop.remaining());
        } else {
          consumer.commitSync(handled);
        }
      } catch (WakeupException e) {
        // close() woke the consumer before or during the commit (from the handler, say): the
        // wake-up is spent, so commit again (within the stop budget) to keep the checkpoint exact.
        consumer.commitSync(handled, loop.remaining());
      }
    } catch (CommitFailedException e) {
      // The group moved these partitions to another member; it resumes from the last checkpoint.
      LOG.warn("checkpoint of {} failed after a rebalance; those messages will be handled again: {}", handled.keySet(), e.getMessage());
    } catch (TimeoutException e) {
      if (!loop.closing()) {
        throw e;
      }
      // Stopping with the brokers out of reach: the last messages are delivered again on restart
      // (at-least-once), rather than holding close() for the client's 60 s default.
      LOG.warn("last checkpoint of {} not committed within the stop budget; those messages will be handled again", handled.keySet());
    }
  }

  /**
   * Stops {@link #run} after the message being handled (its checkpoint is committed when the
   * brokers answer within {@link ConsumerLoop#CLOSE_BUDGET}) and waits for it, leaving the
   * consumer group; closes the consumer directly when it never ran. Idempotent; bounded even when
   * the brokers are gone.
   */
  @Override
  public void close() {
    loop.close();
  }

  private void closeClients(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Producer<byte[], byte[]> p = deadLetterProducer;
    try {
      if (p != null) {
        p.close(timeout);
      }
      consumer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    } catch (RuntimeException e) {
      LOG.warn("closing the subscriber of {} failed: {}", config.topic(), e.toString());
    }
  }

  /** From close() when the loop overran its budget: a forced producer close fails a blocked dead-letter send. */
  private void forceClose() {
    Producer<byte[], byte[]> p = deadLetterProducer;
    if (p != null) {
      try {
        p.close(Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.warn("closing the dead-letter producer of {} failed: {}", config.topic(), e.toString());
      }
    }
    consumer.wakeup();
  }

  /** Applies {@link StartFrom} to each partition the first time this subscriber gets it. */
  private final class StartPositioner implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Nothing pending: every poll's work is checkpointed before the next poll.
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      List<TopicPartition> fresh = partitions.stream().filter(p -> !positioned.contains(p)).toList();
      StartFrom start = config.startFrom();
      if (!fresh.isEmpty()) {
        if (start instanceof StartFrom.Earliest) {
          consumer.seekToBeginning(fresh);
        } else if (start instanceof StartFrom.Latest) {
          consumer.seekToEnd(fresh);
        } else if (start instanceof StartFrom.At at) {
          Map<TopicPartition, Long> query = new HashMap<>();
          fresh.forEach(p -> query.put(p, at.instant().toEpochMilli()));
          Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
          for (TopicPartition p : fresh) {
            OffsetAndTimestamp hit = found.get(p);
            if (hit == null) {
              consumer.seekToEnd(List.of(p));
            } else {
              consumer.seek(p, hit.offset());
            }
          }
        }
        // Resolve the positions now (seekToEnd is lazy), so "ready" means the start is fixed.
        fresh.forEach(consumer::position);
        positioned.addAll(fresh);
      }
      ready.countDown();
    }
  }
}
