package io.emojireactions.pubsub.internal;

import io.emojireactions.pubsub.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the one dead-letter record of emoji-pubsub, written by the relay and by subscribers alike
 * (the envelope is described in {@link DeadLetters}). Every dead letter of the module is made here,
 * so a change of the envelope is a change of this method only.
 */
public final class DeadLetterRecords {

  private DeadLetterRecords() {}

  /**
   * The dead letter of the record at {@code sourceTopic}-{@code partition}@{@code offset}.
   *
   * @param dlqTopic where it goes
   * @param timestampMs the source record's timestamp in epoch milliseconds; negative = none
   * @param key the source record's key, as read (may be null)
   * @param value the source record's value, as read (may be null)
   * @param reason a reason code such as {@link DeadLetters#INVALID_MESSAGE}
   * @param message a human explanation; null = the reason
   */
  public static ProducerRecord<byte[], byte[]> of(String dlqTopic, String sourceTopic, int partition, long offset,
      long timestampMs, byte[] key, byte[] value, String reason, String message) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetters.REASON, utf8(reason));
    headers.add(DeadLetters.MESSAGE, utf8(message == null ? reason : message));
    headers.add(DeadLetters.SOURCE_TOPIC, utf8(sourceTopic));
    headers.add(DeadLetters.SOURCE_PARTITION, utf8(Integer.toString(partition)));
    headers.add(DeadLetters.SOURCE_OFFSET, utf8(Long.toString(offset)));
    return new ProducerRecord<>(dlqTopic, null, timestampMs >= 0 ? timestampMs : null, key, value, headers);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
