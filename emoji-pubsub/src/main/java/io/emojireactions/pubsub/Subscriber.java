package io.emojireactions.pubsub;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.pubsub.internal.ConsumerLoop;
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
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
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
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Set<TopicPartition> positioned = new HashSet<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final ConsumerLoop loop;

  private Subscriber(SubscriberConfig config) {
    this.config = config;
    Map<String, Object> consumerConfig = KafkaClientConfigs.consumer(
        config.kafka(), "emoji-subscriber-" + config.groupId(), config.groupId());
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
    config.instanceId().ifPresent(id -> consumerConfig.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    this.consumer = new KafkaConsumer<>(consumerConfig);
    this.loop = new ConsumerLoop("subscriber of " + config.topic(), consumer, this::closeConsumer, consumer::wakeup);
  }

  /**
   * A subscriber for {@code config}; creates its consumer, connects on {@link #run} or {@link
   * #runBatches}.
   *
   * @throws NullPointerException when {@code config} is null
   * @throws org.apache.kafka.common.KafkaException when the consumer cannot be created
   */
  public static Subscriber create(SubscriberConfig config) {
    return new Subscriber(Objects.requireNonNull(config, "config"));
  }

  /** The settings; never null. */
  public SubscriberConfig config() {
    return config;
  }

  /**
   * Handles messages one by one until {@link #close()}. May be called once, instead of
   * {@link #runBatches}; returns at once when {@link #close()} came first.
   *
   * @throws SubscriberException when the handler throws (the messages before it are checkpointed)
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
   * {@link #close()} came first.
   *
   * @throws SubscriberException when the handler throws (nothing of that batch is checkpointed; the
   *     batches before it are)
   */
  public void runBatches(BatchHandler handler) {
    Objects.requireNonNull(handler, "handler");
    runLoop(() -> pollAndHandleBatch(handler));
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
    try {
      handler.handle(Collections.unmodifiableList(batch));
    } catch (Exception e) {
      SubscribedMessage first = batch.get(0);
      throw new SubscriberException("batch handler failed on " + batch.size() + " messages from " + first.topic() + "-"
          + first.partition() + " at offset " + first.offset() + " on (not checkpointed, they will be delivered again): "
          + e.getMessage(), e);
    }
    checkpoint(next);
  }

  private static SubscribedMessage message(ConsumerRecord<byte[], byte[]> record) {
    return new SubscribedMessage(record.topic(), record.partition(), record.offset(),
        Instant.ofEpochMilli(record.timestamp()), record.key(), record.value());
  }

  private void pollAndHandle(MessageHandler handler) {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
    Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (loop.closing()) {
        break;
      }
      SubscribedMessage message = message(record);
      try {
        handler.handle(message);
      } catch (Exception e) {
        checkpoint(handled);
        throw new SubscriberException("handler failed on " + record.topic() + "-" + record.partition() + " at offset "
            + record.offset() + " (not checkpointed, it will be delivered again): " + e.getMessage(), e);
      }
      handled.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
    }
    checkpoint(handled);
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

  private void closeConsumer(Duration timeout) {
    try {
      consumer.close(timeout);
    } catch (RuntimeException e) {
      LOG.warn("closing the subscriber of {} failed: {}", config.topic(), e.toString());
    }
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
