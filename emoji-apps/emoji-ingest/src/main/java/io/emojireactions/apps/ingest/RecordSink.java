package io.emojireactions.apps.ingest;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where the ingest hands accepted reactions: Kafka in production ({@link #kafka}), anything in
 * tests. {@link #write} and {@link #writeAsync} are called from one flusher thread at a time;
 * completions of {@link #writeAsync} may run on any thread.
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

  /**
   * Starts writing a batch and returns without waiting for it, so the caller can hand over the
   * next batch while this one is being written. When each record is either written or known to
   * have failed, calls {@code whenDone} exactly once (on any thread) with the records that were
   * not written, in their original order (empty when all were); the caller keeps them and tries
   * again. Throwing means none was written and {@code whenDone} is never called.
   *
   * <p>The default calls {@link #write} and completes before it returns: a sink that writes
   * synchronously needs nothing more.
   */
  default void writeAsync(List<PendingRecord> batch, Consumer<List<PendingRecord>> whenDone) throws Exception {
    whenDone.accept(write(batch));
  }

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
