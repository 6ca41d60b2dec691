package io.emojireactions.spark;

import io.emojireactions.core.DeadLetterCodec;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * Where the parse stage sends rejected records as a side output (see {@link
 * EmojiTransforms#parse(org.apache.spark.sql.Dataset, io.emojireactions.core.ReactionParser.Config,
 * DeadLetterSink)}): a Kafka topic, written by one producer per executor JVM. Serializable, so
 * Spark ships it with the parse function.
 *
 * <p>Guarantee: at least once. A task flushes its rejected records before it ends and fails if
 * any send failed, so a micro-batch commits only after every rejected record of it is acknowledged
 * by Kafka; a retried task or re-run batch may write a record again (same key, {@code
 * topic-partition@offset} of the source, so duplicates are recognisable).
 *
 * <p>Every record is {@link DeadLetterCodec}'s envelope, at most {@code maxBytes} bytes (key +
 * value + headers) whatever the rejected input. If the DLQ cannot take a record (topic gone, not
 * authorised, broker away past the producer's {@code delivery.timeout.ms}, a topic limit below
 * {@code maxBytes}), the task fails with a message naming the source record, so the micro-batch
 * fails and its offsets are not committed: a restart once the DLQ is fixed reprocesses it.

 * <p>Immutable and thread-safe.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic the DLQ topic
 * @param kafkaOptions extra producer properties (without Spark's {@code kafka.} prefix)
 * @param maxBytes the bound of one DLQ record (see {@link DeadLetterCodec#encode(io.emojireactions.core.DeadLetter, int)})
 */
public record DeadLetterSink(String bootstrapServers, String topic, Map<String, String> kafkaOptions, int maxBytes)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * A sink; {@code kafkaOptions} is copied.
   *
   * @throws IllegalArgumentException when {@code bootstrapServers} or {@code topic} is blank
   * @throws NullPointerException when {@code kafkaOptions} is null
   */
  public DeadLetterSink {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must be host:port[,host:port...], but was '" + bootstrapServers + "'");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must be a Kafka topic name, but was '" + topic + "'");
    }
    kafkaOptions = Map.copyOf(Objects.requireNonNull(kafkaOptions, "kafkaOptions"));
    DeadLetterCodec.checkMaxBytes("maxBytes", maxBytes);
  }

  /** A sink with the default bound, {@link DeadLetterCodec#DEFAULT_MAX_BYTES}. */
  public DeadLetterSink(String bootstrapServers, String topic, Map<String, String> kafkaOptions) {
    this(bootstrapServers, topic, kafkaOptions, DeadLetterCodec.DEFAULT_MAX_BYTES);
  }

  /**
   * Closes this JVM's DLQ producers (the next task creates new ones). For a pipeline running in
   * this JVM (local master) when it stops; executors of a cluster close theirs at exit.
   */
  public static void closeLocalProducers() {
    io.emojireactions.spark.internal.DeadLetterProducers.closeAll();
  }
}
