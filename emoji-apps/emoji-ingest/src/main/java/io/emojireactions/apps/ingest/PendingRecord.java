package io.emojireactions.apps.ingest;

import java.util.Objects;

/**
 * One accepted reaction waiting to be written to Kafka: the original request bytes (forwarded
 * unchanged, the pipeline re-parses them with the same parser) and the id the client was given.
 *
 * @param messageId the {@code message_id} answered to the client; written as the Kafka header
 *     {@value #MESSAGE_ID_HEADER}
 * @param value the original, valid JSON bytes of the reaction
 */
public record PendingRecord(String messageId, byte[] value) {

  /** The Kafka record header carrying {@link #messageId()} (UTF-8). */
  public static final String MESSAGE_ID_HEADER = "message_id";

  public PendingRecord {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(value, "value");
  }
}
