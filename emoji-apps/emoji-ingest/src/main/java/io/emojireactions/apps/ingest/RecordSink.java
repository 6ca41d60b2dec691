package io.emojireactions.apps.ingest;

import java.util.List;

/**
 * Where the ingest hands accepted reactions: Kafka in production ({@link #kafka}), anything in
 * tests. Called from one flusher thread at a time.
 */
public interface RecordSink extends AutoCloseable {

  /**
   * Writes a batch durably and returns only when each record is either written or known to
   * have failed.
   *
   * @return the records that were not written, in their original order (empty when all were);
   *     the caller keeps them and tries again. Throwing means none was written.
   */
  List<PendingRecord> write(List<PendingRecord> batch) throws Exception;

  /** True when the destination is reachable now; may block for a short, bounded time. */
  default boolean reachable() {
    return true;
  }

  @Override
  default void close() {}

  /**
   * A sink writing to {@code topic} with an idempotent producer ({@code acks=all}), values
   * unchanged, no key, the message id as a header.
   */
  static RecordSink kafka(String bootstrapServers, String topic) {
    return kafka(io.emojireactions.pubsub.KafkaConnection.of(bootstrapServers), topic);
  }

  /** As {@link #kafka(String, String)}, with {@code kafka}'s client settings (security etc.). */
  static RecordSink kafka(io.emojireactions.pubsub.KafkaConnection kafka, String topic) {
    return new io.emojireactions.apps.ingest.internal.KafkaRecordSink(kafka, topic);
  }
}
