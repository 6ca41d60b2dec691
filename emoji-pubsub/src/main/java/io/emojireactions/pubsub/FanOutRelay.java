package io.emojireactions.pubsub;

import org.apache.kafka.clients.producer.ProducerConfig;

import io.emojireactions.core.DeadLetter;
import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.pubsub.internal.ConsumerLoop;
import io.emojireactions.pubsub.internal.DeadLetterRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out relay: consumes the main topic and writes every message to each cluster topic and
 * to the sub-topics its cluster's routing chooses.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Within the main topic's Kafka cluster: exactly-once. Each poll is one transaction of a
 *       producer with a stable {@code transactional.id}: the output records, the dead letters and
 *       the consumed offsets ({@code sendOffsetsToTransaction}) commit or abort together. Readers
 *       must use {@code isolation.level=read_committed} (a {@link Subscriber} does).
 *   <li>To clusters on other Kafka clusters: at-least-once. Their sends are acknowledged
 *       ({@code acks=all}) before the main transaction commits; after a crash the uncommitted
 *       batch is sent again. Consumers that merge with {@link WindowedCount#mergeMax} (e.g.
 *       {@link MaxMergeView}) still get the exact counts, because a repeat never raises a count.
 * </ul>
 *
 * <p>Input: our output contract, or the Python job's aggregates (naive UTC times, no room, no
 * final; see {@link WindowedCountJson}), which are routed exactly as our format of the same
 * (room {@code global}, window, emoji). The input record key is never read: routing depends only
 * on the message. A record that is neither goes to the DLQ (see {@link DeadLetters}) and the relay
 * carries on. Output key: {@link WindowedCountJson#key(String, String)} (so a Python aggregate
 * keyed by its window start leaves keyed {@code global|emoji}); output value: the very bytes that
 * were read and validated, in whichever format they came, so Python consumers and ours both keep
 * reading what the producer wrote; output timestamp: the source record's.
 *
 * <p>{@link #run()} blocks the calling thread; {@link #close()} (from any thread, e.g. a shutdown
 * hook) stops it after the current batch has committed.
 */
public final class FanOutRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FanOutRelay.class);

  private final RelayConfig config;
  private final RelayListener listener;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> transactional;
  private final Map<KafkaConnection, Producer<byte[], byte[]>> remotes = new HashMap<>();
  private final AtomicLong relayed = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong aborted = new AtomicLong();
  private final ConsumerLoop loop;

  private FanOutRelay(RelayConfig config, RelayListener listener) {
    this.config = config;
    this.listener = listener;
    Map<String, Object> consumerConfig =
        KafkaClientConfigs.consumer(config.kafka(), "emoji-fanout-relay-consumer", config.groupId());
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
    // Static membership keyed like the transactional id: a restarted (or crashed and restarted)
    // instance takes its partitions back at once instead of waiting out the dead member's session.
    consumerConfig.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.transactionalId());
    this.consumer = new KafkaConsumer<>(consumerConfig);
    try {
      Map<String, Object> producerConfig =
          KafkaClientConfigs.transactionalProducer(config.kafka(), "emoji-fanout-relay-producer", config.transactionalId());
      // Room for a dead letter of the configured bound (a larger client setting is kept).
      int needed = DeadLetterCodec.producerMaxRequestSize(config.deadLetterMaxBytes());
      Object given = producerConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
      if (given == null || Integer.parseInt(given.toString().trim()) < needed) {
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, needed);
      }
      this.transactional = new KafkaProducer<>(producerConfig);
      for (ClusterSpec cluster : config.topology().clusters()) {
        Optional<KafkaConnection> kafka = cluster.kafka().filter(k -> !k.equals(config.kafka()));
        kafka.ifPresent(k -> remotes.computeIfAbsent(k, c ->
            new KafkaProducer<>(KafkaClientConfigs.producer(c, "emoji-fanout-relay-" + cluster.name()))));
      }
    } catch (RuntimeException e) {
      closeClients(ConsumerLoop.CLOSE_BUDGET);
      throw e;
    }
    this.loop = new ConsumerLoop("the fan-out relay", consumer, this::closeClients, this::forceClose);
  }

  /**
   * A relay for {@code config} that reports to no listener; opens its Kafka clients.
   *
   * @throws NullPointerException when {@code config} is null
   * @throws org.apache.kafka.common.KafkaException when a client cannot be created
   */
  public static FanOutRelay create(RelayConfig config) {
    return create(config, RelayListener.NONE);
  }

  /**
   * A relay for {@code config} that reports to {@code listener}; opens its Kafka clients.
   *
   * @throws NullPointerException when an argument is null
   * @throws org.apache.kafka.common.KafkaException when a client cannot be created
   */
  public static FanOutRelay create(RelayConfig config, RelayListener listener) {
    return new FanOutRelay(Objects.requireNonNull(config, "config"), Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Relays until {@link #close()}. May be called once.
   *
   * @throws KafkaException on a fatal error (e.g. {@link ProducerFencedException}: another relay
   *     instance took over this transactional id); the relay is closed then
   */
  public void run() {
    loop.run(() -> {
      transactional.initTransactions();
      consumer.subscribe(List.of(config.topology().mainTopic()));
    }, () -> {
      // close() wakes a poll; no transaction is open at a poll.
      ConsumerRecords<byte[], byte[]> records;
      try {
        records = consumer.poll(config.pollTimeout());
      } catch (FencedInstanceIdException e) {
        // The consumer's static membership is keyed by the transactional id too.
        throw fenced(e);
      }
      if (!records.isEmpty()) {
        relayBatch(records);
      }
    });
  }

  private void relayBatch(ConsumerRecords<byte[], byte[]> records) {
    AtomicReference<Exception> remoteFailure = new AtomicReference<>();
    transactional.beginTransaction();
    try {
      int deadLetters = 0;
      for (ConsumerRecord<byte[], byte[]> record : records) {
        if (!relay(record, remoteFailure)) {
          deadLetters++;
        }
      }
      // commitTransaction would flush anyway; flushing first means that when the listener hears
      // "sent", the records really are on the brokers (in the open transaction).
      transactional.flush();
      // Remote clusters are outside the transaction: their acks come before the offsets commit,
      // so a crash repeats them (at-least-once) and never loses them.
      remotes.values().forEach(Producer::flush);
      Exception failure = remoteFailure.get();
      if (failure != null) {
        throw new KafkaException("sending to a remote cluster failed: " + failure.getMessage(), failure);
      }
      listener.onBatchSent(records.count(), deadLetters);
      transactional.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
      listener.onCommitting(records.count());
      // A commit that timed out may still complete on the broker: the producer's contract is to
      // call it again (an abort would be refused), until it succeeds or fails for good.
      untilNotTimedOut("commitTransaction", transactional::commitTransaction);
      relayed.addAndGet(records.count() - deadLetters);
      deadLettered.addAndGet(deadLetters);
      listener.onCommitted(records.count(), deadLetters);
    } catch (ProducerFencedException | FencedInstanceIdException e) {
      throw fenced(e);
    } catch (OutOfOrderSequenceException | AuthorizationException | UnsupportedVersionException e) {
      // Fatal for this producer: the cluster refuses us.
      throw e;
    } catch (KafkaException e) {
      if (loop.closing()) {
        // Stopping (its clients may have been forced closed): leave the open transaction to the
        // coordinator, which aborts it when the next instance with this transactional id starts
        // or after transaction.timeout.ms. The offsets were not committed, so nothing is lost.
        LOG.warn("fan-out batch of {} records not committed while stopping: {}", records.count(), e.toString());
        return;
      }
      aborted.incrementAndGet();
      LOG.warn("fan-out batch of {} records failed, aborting and retrying: {}", records.count(), e.toString());
      untilNotTimedOut("abortTransaction", transactional::abortTransaction);
      rewind(records);
      listener.onAborted(e);
      pause();
    }
  }

  /** The error that ends a relay another one has fenced: what happened and what to do. */
  private KafkaException fenced(KafkaException cause) {
    return new KafkaException("another relay took over transactional id '" + config.transactionalId()
        + "' (this instance was fenced), so this one stops: two relays shared the id; give each its own", cause);
  }

  /**
   * Runs {@code call} (a commit or an abort) again each time it times out, as the producer requires:
   * the request may already be completing on the broker, so no other transactional call is allowed
   * until it returns. Ends when it returns, fails otherwise, or the relay is stopping (then the
   * timeout is thrown and the open transaction is left to the coordinator).
   */
  private void untilNotTimedOut(String what, Runnable call) {
    for (int attempt = 1; ; attempt++) {
      try {
        call.run();
        if (attempt > 1) {
          LOG.info("{} completed at attempt {}", what, attempt);
        }
        return;
      } catch (TimeoutException e) {
        if (loop.closing()) {
          throw e;
        }
        LOG.warn("{} timed out (attempt {}), calling it again: {}", what, attempt, e.getMessage());
        listener.onTimedOut(what, e);
      }
    }
  }

  /** Sends one record to its destinations; false when it went to the DLQ instead. */
  private boolean relay(ConsumerRecord<byte[], byte[]> record, AtomicReference<Exception> remoteFailure) {
    byte[] value = record.value();
    Long timestamp = record.timestamp() >= 0 ? record.timestamp() : null;
    if (value == null || value.length == 0) {
      deadLetter(record, timestamp, DeadLetters.EMPTY_MESSAGE, "the record has no value");
      return false;
    }
    WindowedCount count;
    try {
      count = WindowedCountJson.fromJson(value);
    } catch (RuntimeException e) {
      // IllegalArgumentException is the contract; anything else from the parser must not stop the relay either.
      deadLetter(record, timestamp, DeadLetters.INVALID_MESSAGE,
          e instanceof IllegalArgumentException ? e.getMessage() : e.toString());
      return false;
    }
    byte[] key = WindowedCountJson.key(count.room(), count.emoji()).getBytes(StandardCharsets.UTF_8);
    for (FanOutTopology.Destination destination : config.topology().destinations(count)) {
      ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(destination.topic(), null, timestamp, key, value);
      Producer<byte[], byte[]> remote = destination.cluster().kafka().map(remotes::get).orElse(null);
      if (remote == null) {
        transactional.send(out);
      } else {
        remote.send(out, (metadata, error) -> {
          if (error != null) {
            remoteFailure.compareAndSet(null, error);
          }
        });
      }
    }
    return true;
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> record, Long timestamp, String reason, String message) {
    transactional.send(DeadLetterRecords.of(config.topology().dlqTopic(), record.topic(), record.partition(), record.offset(),
        timestamp == null ? -1 : timestamp, record.value(), reason, message, config.deadLetterMaxBytes()));
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
    }
    return offsets;
  }

  /** After an abort the consumer's position is past the batch; go back to its first records. */
  private void rewind(ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      if (consumer.assignment().contains(partition)) {
        consumer.seek(partition, records.records(partition).get(0).offset());
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(config.retryBackoff().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      loop.stopFromWithin();
    }
  }

  /** Main-topic records relayed (committed) so far by this instance. */
  public long relayedCount() {
    return relayed.get();
  }

  /** Main-topic records sent to the DLQ (committed) so far by this instance. */
  public long deadLetterCount() {
    return deadLettered.get();
  }

  /** Batches rolled back and retried so far. */
  public long abortedBatches() {
    return aborted.get();
  }

  /**
   * Stops {@link #run()} after its current batch has committed and waits for it; closes the
   * clients directly if the relay never ran. Idempotent. Bounded even when the brokers are gone
   * (see {@link ConsumerLoop}): a batch that cannot commit in time is left open and aborted by the
   * coordinator, so it is relayed again by the next instance.
   */
  @Override
  public void close() {
    loop.close();
  }

  private void closeClients(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Producer<byte[], byte[]> remote : remotes.values()) {
      closeQuietly(remote, () -> remote.close(left(deadline)));
    }
    if (transactional != null) {
      closeQuietly(transactional, () -> transactional.close(left(deadline)));
    }
    closeQuietly(consumer, () -> consumer.close(left(deadline)));
  }

  private static Duration left(long deadlineNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /** From close() when the loop overran its budget: a forced producer close fails a blocked transactional call. */
  private void forceClose() {
    remotes.values().forEach(p -> closeQuietly(p, () -> p.close(Duration.ZERO)));
    closeQuietly(transactional, () -> transactional.close(Duration.ZERO));
    consumer.wakeup();
  }

  private static void closeQuietly(Object client, Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      LOG.warn("closing {} failed: {}", client.getClass().getSimpleName(), e.toString());
    }
  }
}
