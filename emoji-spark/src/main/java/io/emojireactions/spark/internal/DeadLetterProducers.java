package io.emojireactions.spark.internal;

import io.emojireactions.spark.DeadLetterSink;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One Kafka producer per executor JVM and {@link DeadLetterSink}, shared by every task (a
 * KafkaProducer is thread-safe and batches across them), and per task a {@link Batch} that tracks
 * its own sends: {@link Batch#finish()} flushes and fails the task when any of them failed, so a
 * micro-batch never commits with a rejected record unacknowledged (at least once, like Spark's
 * Kafka sink).
 */
public final class DeadLetterProducers {

  private static final Map<DeadLetterSink, Producer<byte[], byte[]>> PRODUCERS = new ConcurrentHashMap<>();
  /** How long closing a producer may wait for its unsent records (a task already flushed its own). */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(DeadLetterProducers::closeAll, "emoji-dlq-producers-close"));
  }

  private DeadLetterProducers() {}

  /** A new per-task batch writing to {@code sink}'s shared producer. */
  public static Batch batch(DeadLetterSink sink) {
    return new Batch(sink, PRODUCERS.computeIfAbsent(sink, DeadLetterProducers::create));
  }

  /** Closes every producer of this JVM (the next batch creates a new one); for a local pipeline's stop. */
  public static void closeAll() {
    for (DeadLetterSink sink : PRODUCERS.keySet()) {
      Producer<byte[], byte[]> p = PRODUCERS.remove(sink);
      if (p != null) {
        p.close(CLOSE_TIMEOUT); // bounded: a stop must end even when the brokers are gone
      }
    }
  }

  private static Producer<byte[], byte[]> create(DeadLetterSink sink) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sink.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "emoji-pipeline-dlq");
    props.putAll(sink.kafkaOptions());
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The sends of one task. Not thread-safe (one task = one thread); callbacks may run on the producer's thread. */
  public static final class Batch {
    private final DeadLetterSink sink;
    private final Producer<byte[], byte[]> producer;
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private long sent;
    private boolean finished;

    private Batch(DeadLetterSink sink, Producer<byte[], byte[]> producer) {
      this.sink = sink;
      this.producer = producer;
    }

    /** Sends one DLQ record asynchronously; fails fast when an earlier send of this task failed. */
    public void send(byte[] key, byte[] value) {
      throwIfFailed();
      sent++;
      producer.send(new ProducerRecord<>(sink.topic(), key, value), (metadata, e) -> {
        if (e != null) {
          firstError.compareAndSet(null, e);
        }
      });
    }

    /** Waits until every record of this task is acknowledged; throws when any send failed. Idempotent. */
    public void finish() {
      if (finished) {
        return;
      }
      finished = true;
      if (sent > 0) {
        producer.flush();
      }
      throwIfFailed();
    }

    public boolean isFinished() {
      return finished;
    }

    public long sent() {
      return sent;
    }

    private void throwIfFailed() {
      Exception e = firstError.get();
      if (e != null) {
        throw new IllegalStateException("writing a rejected record to DLQ topic '" + sink.topic() + "' failed: " + e, e);
      }
    }
  }
}
