package io.emojireactions.pubsub.internal;

import io.emojireactions.core.DeadLetter;
import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.pubsub.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the one dead-letter record of emoji-pubsub, written by the relay and by subscribers alike:
 * core's {@link DeadLetterCodec} envelope, the format of every DLQ of the project (the pipeline's
 * too), bounded in size whatever the record (described in {@link DeadLetters}). Every dead letter
 * of the module is made here.
 */
public final class DeadLetterRecords {

  private DeadLetterRecords() {}

  /**
   * The dead letter of the record at {@code sourceTopic}-{@code partition}@{@code offset}.
   *
   * @param dlqTopic where it goes
   * @param timestampMs the source record's timestamp in epoch milliseconds; negative = none
   * @param value the source record's value, as read (may be null); kept as far as it fits
   * @param reason a reason code such as {@link DeadLetters#INVALID_MESSAGE}
   * @param message a human explanation; null = the reason
   * @param maxBytes the most bytes of key, value and headers together
   *     (at least {@link DeadLetterCodec#MIN_MAX_BYTES})
   */
  public static ProducerRecord<byte[], byte[]> of(String dlqTopic, String sourceTopic, int partition, long offset,
      long timestampMs, byte[] value, String reason, String message, int maxBytes) {
    DeadLetterCodec.Encoded letter = DeadLetterCodec.encode(DeadLetter.of(reason, message == null ? reason : message,
        sourceTopic, partition, offset, timestampMs, value), maxBytes);
    RecordHeaders headers = new RecordHeaders();
    letter.headers().forEach((name, text) -> headers.add(name, text.getBytes(StandardCharsets.UTF_8)));
    return new ProducerRecord<>(dlqTopic, null, timestampMs >= 0 ? timestampMs : null, letter.key(), letter.value(), headers);
  }
}
