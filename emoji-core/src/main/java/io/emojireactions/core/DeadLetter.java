package io.emojireactions.core;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A record that could not be processed, with why and where it came from: what both the pipeline's
 * DLQ and the relay's DLQ write, through {@link DeadLetterCodec} (one envelope, bounded in size).
 *
 * <p>Every field but {@code reason} is nullable (unknown). {@code original} is the record's value
 * exactly as read, of any size and any bytes; it is not copied, so do not change it afterwards.
 *
 * @param reason machine-readable reason code, e.g. a {@link RejectReason} name or the relay's
 *     {@code INVALID_MESSAGE}; 1 to 64 characters of {@code [A-Za-z0-9_.-]}
 * @param message a human explanation; the envelope keeps its first {@value
 *     DeadLetterCodec#MAX_MESSAGE_CHARS} characters
 * @param sourceTopic topic the record was read from (a Kafka topic name, at most 249 characters)
 * @param sourcePartition its partition
 * @param sourceOffset its offset
 * @param sourceTimestamp its Kafka timestamp
 * @param original its value bytes; null when the record had no value
 */
public record DeadLetter(String reason, String message, String sourceTopic, Integer sourcePartition, Long sourceOffset,
    Instant sourceTimestamp, byte[] original) {

  private static final Pattern REASON = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  /**
   * Checks a reason code: 1 to 64 characters of {@code [A-Za-z0-9_.-]}, the rule of every dead
   * letter. For code that takes a reason long before it writes the dead letter (a subscriber's
   * handler), so that a bad one fails where it is given.
   *
   * @return {@code reason}
   * @throws IllegalArgumentException naming the value when it breaks the rule
   */
  public static String requireReason(String reason) {
    if (reason == null || !REASON.matcher(reason).matches()) {
      throw new IllegalArgumentException("reason must be 1 to 64 characters of [A-Za-z0-9_.-], but was '" + reason + "'");
    }
    return reason;
  }

  /** Kafka's own limit on topic names. */
  static final int MAX_TOPIC_CHARS = 249;

  public DeadLetter {
    requireReason(reason);
    if (sourceTopic != null && (sourceTopic.isEmpty() || sourceTopic.length() > MAX_TOPIC_CHARS)) {
      throw new IllegalArgumentException("sourceTopic must be a Kafka topic name (1 to 249 characters), but was "
          + sourceTopic.length() + " characters long");
    }
  }

  /**
   * A dead letter for the record at {@code sourceTopic}-{@code sourcePartition}@{@code sourceOffset}.
   *
   * @param timestampMs the record's Kafka timestamp in epoch milliseconds; negative = none (Kafka's {@code -1})
   */
  public static DeadLetter of(String reason, String message, String sourceTopic, Integer sourcePartition, Long sourceOffset,
      Long timestampMs, byte[] original) {
    Instant ts = timestampMs == null || timestampMs < 0 ? null : Instant.ofEpochMilli(timestampMs);
    return new DeadLetter(reason, message, sourceTopic, sourcePartition, sourceOffset, ts, original);
  }
}
