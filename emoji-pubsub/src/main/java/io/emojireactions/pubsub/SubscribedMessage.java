package io.emojireactions.pubsub;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One message a {@link Subscriber} received.
 *
 * <p>The byte arrays are the consumer's, not copied: do not change them. Safe to hand to another
 * thread once received.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset (the checkpoint moves past it once the handler returns)
 * @param timestamp the record timestamp
 * @param key the record key bytes ({@code room|emoji}), may be null
 * @param value the record value, UTF-8 JSON as published: the output contract, or a Python-job
 *     aggregate the relay passed through (both read by {@link #count()})
 */
public record SubscribedMessage(String topic, int partition, long offset, Instant timestamp, byte[] key, byte[] value) {

  /** The value as a JSON string, exactly as published. */
  public String json() {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /**
   * The value parsed with {@link WindowedCountJson#fromJson(byte[])}: the output contract or a
   * Python-job aggregate (room {@code global}, not final, naive times read as UTC).
   *
   * @throws InvalidMessageException (an {@link IllegalArgumentException}) when the value is not a
   *     valid output message: reason {@value DeadLetters#EMPTY_MESSAGE} for a null or empty value,
   *     {@value DeadLetters#INVALID_MESSAGE} for anything else
   */
  public WindowedCount count() {
    if (value == null || value.length == 0) {
      throw new InvalidMessageException(DeadLetters.EMPTY_MESSAGE,
          "message " + topic + "-" + partition + "@" + offset + " has no value", null);
    }
    try {
      return WindowedCountJson.fromJson(value);
    } catch (RuntimeException e) {
      // IllegalArgumentException is the parser's contract; anything else it throws means the same here.
      throw new InvalidMessageException(DeadLetters.INVALID_MESSAGE,
          e instanceof IllegalArgumentException ? e.getMessage() : e.toString(), e);
    }
  }
}
