package io.emojireactions.apps.internal;

import io.emojireactions.pubsub.KafkaClientConfigs;
import io.emojireactions.pubsub.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer loop that hands each poll's records to a handler as one batch and commits their
 * offsets only after the handler returned: the handler's side effect (a database transaction,
 * produced alerts) is durable before the checkpoint moves. A crash between the two means the
 * batch is handled again on restart, so handlers must be idempotent (the warehouse's max-merge
 * upsert is; the alert detector dedupes by key).
 *
 * <p>Reads with {@code read_committed} and auto-commit off; a group with no checkpoint starts at
 * the earliest offset. {@link #run} blocks its thread until {@link #close()} (any thread) or a
 * handler failure, which is rethrown with nothing committed for that batch.
 */
public final class BatchConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchConsumer.class);

  /** What to do with one poll's records; return normally only once the effect is durable. */
  @FunctionalInterface
  public interface BatchHandler {
    void handle(List<ConsumerRecord<byte[], byte[]>> records) throws Exception;
  }

  /** Called with the offsets about to be committed, after the handler returned (a test seam for crashes). */
  @FunctionalInterface
  public interface CommitHook {
    void beforeCommit(Map<TopicPartition, OffsetAndMetadata> offsets);
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Duration pollTimeout;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile boolean running;
  private volatile Thread runner;

  /**
   * @param bootstrapServers Kafka bootstrap servers
   * @param topic the one topic to read
   * @param groupId the consumer group (the checkpoint's name)
   * @param maxBatch the largest batch (max.poll.records)
   * @param pollTimeout how long one poll waits
   */
  public BatchConsumer(String bootstrapServers, String topic, String groupId, int maxBatch, Duration pollTimeout) {
    this(KafkaConnection.of(bootstrapServers), topic, groupId, maxBatch, pollTimeout);
  }

  /** As above, with {@code kafka}'s client settings (security etc.). */
  public BatchConsumer(KafkaConnection kafka, String topic, String groupId, int maxBatch, Duration pollTimeout) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, but was " + maxBatch);
    }
    this.topic = Objects.requireNonNull(topic, "topic");
    this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
    Map<String, Object> p = KafkaClientConfigs.consumer(kafka, "emoji-" + groupId, groupId);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
    this.consumer = new KafkaConsumer<>(p);
  }

  /** {@link #run(BatchHandler, CommitHook)} with no hook. */
  public void run(BatchHandler handler) throws Exception {
    run(handler, offsets -> {});
  }

  /**
   * Polls, handles, commits, until {@link #close()}.
   *
   * @throws Exception what the handler or hook threw; that batch's offsets are not committed
   */
  public void run(BatchHandler handler, CommitHook hook) throws Exception {
    synchronized (this) {
      if (closing) {
        return;
      }
      if (running) {
        throw new IllegalStateException("run() may be called once");
      }
      running = true;
      runner = Thread.currentThread();
    }
    try {
      consumer.subscribe(List.of(topic));
      while (!closing) {
        ConsumerRecords<byte[], byte[]> polled;
        try {
          polled = consumer.poll(pollTimeout);
        } catch (WakeupException e) {
          break;
        }
        if (polled.isEmpty()) {
          continue;
        }
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(polled.count());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : polled) {
          batch.add(r);
          offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        handler.handle(batch);
        hook.beforeCommit(offsets);
        try {
          consumer.commitSync(offsets);
        } catch (WakeupException e) {
          consumer.commitSync(offsets); // close() woke the commit: the wake-up is spent, commit again
          break;
        } catch (CommitFailedException e) {
          // A rebalance gave these partitions to another member, which resumes from the last
          // checkpoint and handles the batch again: harmless for idempotent handlers.
          LOG.warn("offset commit after a rebalance failed; {} will be handled again by their new owner: {}", offsets.keySet(), e.getMessage());
        }
      }
    } finally {
      try {
        consumer.close(Duration.ofSeconds(5));
      } finally {
        stopped.countDown();
      }
    }
  }

  /** Stops {@link #run} after the batch in hand is handled and committed; waits up to 30 s. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      if (!running) {
        running = true; // run() after close() returns at once
        consumer.close(Duration.ofSeconds(5));
        stopped.countDown();
        return;
      }
    }
    consumer.wakeup();
    if (Thread.currentThread() == runner) {
      return; // called from the handler: the loop ends after this batch
    }
    try {
      stopped.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
