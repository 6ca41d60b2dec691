package io.emojireactions.spark.internal;

import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.spark.DeadLetterSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
    // Room for the largest dead letter plus Kafka's framing, never below Kafka's default.
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequestSize(sink.maxBytes())));
    props.putAll(sink.kafkaOptions());
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The producer's {@code max.request.size} for a bound: core's rule ({@link DeadLetterCodec#producerMaxRequestSize}). */
  static int maxRequestSize(int maxBytes) {
    return DeadLetterCodec.producerMaxRequestSize(maxBytes);
  }

  /** A send that failed, and which source record's dead letter it carried. */
  private record DeadLetterFailure(String source, int sizeInBytes, Exception cause) {}

  /** The sends of one task. Not thread-safe (one task = one thread); callbacks may run on the producer's thread. */
  public static final class Batch {
    private final DeadLetterSink sink;
    private final Producer<byte[], byte[]> producer;
    private final AtomicReference<DeadLetterFailure> firstError = new AtomicReference<>();
    private long sent;
    private boolean finished;

    private Batch(DeadLetterSink sink, Producer<byte[], byte[]> producer) {
      this.sink = sink;
      this.producer = producer;
    }

    /**
     * Sends one dead letter asynchronously; fails fast when an earlier send of this task failed.
     * A failed send is reported by {@link #finish()} naming the dead letter's source record.
     */
    public void send(DeadLetterCodec.Encoded letter) {
      throwIfFailed();
      sent++;
      RecordHeaders headers = new RecordHeaders();
      letter.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
      String source = "topic " + letter.headers().getOrDefault(DeadLetterCodec.SOURCE_TOPIC, "?")
          + " partition " + letter.headers().getOrDefault(DeadLetterCodec.SOURCE_PARTITION, "?")
          + " offset " + letter.headers().getOrDefault(DeadLetterCodec.SOURCE_OFFSET, "?");
      producer.send(new ProducerRecord<>(sink.topic(), null, letter.key(), letter.value(), headers), (metadata, e) -> {
        if (e != null) {
          firstError.compareAndSet(null, new DeadLetterFailure(source, letter.sizeInBytes(), e));
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
      DeadLetterFailure f = firstError.get();
      if (f != null) {
        throw new IllegalStateException("DLQ topic '" + sink.topic() + "' did not take the dead letter ("
            + f.sizeInBytes + " bytes) of the input record at " + f.source + " (" + f.cause
            + ") The micro-batch fails and its offsets are not committed, so no record is skipped. Make the DLQ writable "
            + "(the topic exists, this client may write to it, its max.message.bytes is at least the dead-letter bound "
            + sink.maxBytes() + " plus 100 bytes, or lower the bound with --dlq-max-bytes), then restart on the same checkpoint: "
            + "the pipeline resumes with this micro-batch.", f.cause);
      }
    }
  }
}
