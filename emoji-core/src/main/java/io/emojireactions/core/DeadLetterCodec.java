package io.emojireactions.core;

import io.emojireactions.core.internal.DeadLetterWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The dead-letter format, one for every DLQ of the project (the pipeline's {@code
 * emoji_reactions_dlq} and the relay's {@code emoji_main_publisher_dlq}): a Kafka record of
 * <ul>
 *   <li>key: {@code topic-partition@offset} of the source (UTF-8; null when any part is unknown);
 *   <li>value: one JSON object (UTF-8), fields in this order, absent ones omitted: {@code reason,
 *       message, source_topic, source_partition, source_offset, source_timestamp} (ISO-8601 UTC),
 *       {@code original_size} (bytes of the whole original value), {@code original_sha256}
 *       (lower-case hex of the whole original value), {@code truncated} (true when the value
 *       below holds only a prefix of the original), then {@code original} (the value as text,
 *       when the whole value is well-formed UTF-8) or {@code original_base64} (RFC 4648, no line
 *       breaks, otherwise); none of the {@code original*} fields when the record had no value;
 *   <li>headers (UTF-8): {@code reason, message, source_topic, source_partition, source_offset},
 *       the same values as in the JSON.
 * </ul>
 *
 * <p>Bound: key + value + header names and values together take at most {@code maxBytes} bytes,
 * whatever the original's size, bytes or escaping. The original is cut to fit: as text on a code
 * point boundary (never inside a UTF-8 sequence or a JSON escape), as base64 on a 3-byte boundary
 * of the original (so the base64 has no padding inside). The message is cut to its first {@value
 * #MAX_MESSAGE_CHARS} characters (code point boundary). Everything else is always complete.
 *
 * <p>Thread-safe, stateless.
 */
public final class DeadLetterCodec {

  /**
   * The default bound, 1,000,000 bytes: under the producer's default {@code max.request.size}
   * (1,048,576) and the broker's default {@code max.message.bytes} (1,048,588) by 48,576 bytes,
   * far more than Kafka's record and batch framing (under 100 bytes for one record).
   */
  public static final int DEFAULT_MAX_BYTES = 1_000_000;
  /** The smallest bound accepted: the envelope without its original always fits in it. */
  public static final int MIN_MAX_BYTES = 8_192;
  /** Characters of the message kept. */
  public static final int MAX_MESSAGE_CHARS = 500;

  public static final String REASON = "reason";
  public static final String MESSAGE = "message";
  public static final String SOURCE_TOPIC = "source_topic";
  public static final String SOURCE_PARTITION = "source_partition";
  public static final String SOURCE_OFFSET = "source_offset";
  public static final String SOURCE_TIMESTAMP = "source_timestamp";
  public static final String ORIGINAL_SIZE = "original_size";
  public static final String ORIGINAL_SHA256 = "original_sha256";
  public static final String TRUNCATED = "truncated";
  public static final String ORIGINAL = "original";
  public static final String ORIGINAL_BASE64 = "original_base64";

  private DeadLetterCodec() {}

  /**
   * One encoded dead letter, ready for a Kafka producer.
   *
   * @param key UTF-8 {@code topic-partition@offset}, or null
   * @param value the JSON envelope
   * @param headers header name to UTF-8 value, in write order (unmodifiable)
   */
  public record Encoded(byte[] key, byte[] value, Map<String, String> headers) {
    public Encoded {
      Objects.requireNonNull(value, "value");
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Bytes of key, value and header names and values: what {@code maxBytes} bounds. */
    public int sizeInBytes() {
      int size = (key == null ? 0 : key.length) + value.length;
      for (Map.Entry<String, String> h : headers.entrySet()) {
        size += h.getKey().getBytes(StandardCharsets.UTF_8).length + h.getValue().getBytes(StandardCharsets.UTF_8).length;
      }
      return size;
    }
  }

  /**
   * A dead letter as read back from its value (for consumers and tests).
   *
   * @param original the kept bytes of the original (decoded from text or base64); null when there were none
   * @param originalSize bytes of the whole original; null when the record had no value
   * @param base64 whether the original was written as {@code original_base64}
   */
  public record Decoded(String reason, String message, String sourceTopic, Integer sourcePartition, Long sourceOffset,
      Instant sourceTimestamp, Long originalSize, String originalSha256, boolean truncated, byte[] original, boolean base64) {}

  /**
   * The {@code max.request.size} a Kafka producer of dead letters needs for the bound
   * {@code maxBytes}: Kafka's default (1,048,576), or the bound plus 64 KiB of framing when larger.
   */
  public static int producerMaxRequestSize(int maxBytes) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1_048_576L, maxBytes + 65_536L));
  }

  /** {@link #encode(DeadLetter, int)} with {@link #DEFAULT_MAX_BYTES}. */
  public static Encoded encode(DeadLetter letter) {
    return encode(letter, DEFAULT_MAX_BYTES);
  }

  /**
   * The dead letter as a Kafka record of at most {@code maxBytes} (key + value + headers).
   *
   * @throws IllegalArgumentException when {@code maxBytes} is below {@link #MIN_MAX_BYTES}
   */
  public static Encoded encode(DeadLetter letter, int maxBytes) {
    checkMaxBytes("maxBytes", maxBytes);
    return DeadLetterWriter.write(Objects.requireNonNull(letter, "letter"), maxBytes);
  }

  /**
   * Validates a configured bound; {@code field} names it in the message.
   *
   * @return {@code maxBytes}
   * @throws IllegalArgumentException when below {@link #MIN_MAX_BYTES}
   */
  public static int checkMaxBytes(String field, int maxBytes) {
    if (maxBytes < MIN_MAX_BYTES) {
      throw new IllegalArgumentException(field + " must be at least " + MIN_MAX_BYTES
          + " bytes (room for the envelope without the original), but was " + maxBytes);
    }
    return maxBytes;
  }

  /**
   * Reads a dead-letter value.
   *
   * @throws IllegalArgumentException when it is not a dead-letter envelope
   */
  public static Decoded decode(byte[] value) {
    return DeadLetterWriter.read(Objects.requireNonNull(value, "value"));
  }

  /** The key of a dead letter: {@code topic-partition@offset}, or null when any part is unknown. */
  public static String key(String topic, Integer partition, Long offset) {
    if (topic == null || partition == null || offset == null) {
      return null;
    }
    return topic + "-" + partition + "@" + offset;
  }
}
